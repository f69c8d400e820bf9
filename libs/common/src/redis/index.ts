export * from './redis.service.js';
