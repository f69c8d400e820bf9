import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.js';

/** Token buckets per caller, shared by every gateway replica through Redis; the access guard takes from them. */
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
