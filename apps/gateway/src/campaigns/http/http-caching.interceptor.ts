import { applyDecorators, Injectable, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, tap, type Observable } from 'rxjs';
import { ApiCachedRead } from '#common';
import { GatewayConfig } from '../../gateway.config.js';
import type { Read } from '../application/campaign-read-model.port.js';
import { etagOf, type CampaignView, type Representation } from './http-resource.js';

/** Renders the read model's data as the API answers it at `now` (`status` is judged then). */
export type Represent<T> = (data: T, now: number) => Representation;

const REPRESENT = 'http-caching:represent';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Every answer depends on who asks. */
const VARY = 'Authorization, X-Api-Key';
export const STALE_WARNING = '110 - "Response is Stale"';

/**
 * A cached read: the route answers a `Read` of the CampaignReadModel, which HttpCachingInterceptor
 * renders with `represent` and sends with its validators (documented in OpenAPI as `type`).
 */
export function CachedRead<T>(type: Type<unknown>, represent: Represent<T>): MethodDecorator {
  return applyDecorators(ApiCachedRead(type), SetMetadata(REPRESENT, represent), UseInterceptors(HttpCachingInterceptor));
}

/** The answer to a write of one campaign or event (the route returns its view). */
export const WrittenResource = (): MethodDecorator => UseInterceptors(HttpCachingInterceptor);

/**
 * The HTTP caching of the campaigns and events routes, all of it:
 * - a cached read answers a strong ETag (`"id:version:status"` for one resource, a hash of the
 *   body for a list), `Cache-Control: private, max-age=N` with N never past what the read model
 *   says the answer holds until (so never past the tenant's next start or end) and at most
 *   CACHE_HTTP_MAX_AGE_S, `Vary: Authorization, X-Api-Key`, `Warning: 110` when the answer is a
 *   stale copy, and 304 without a body for a matching `If-None-Match`;
 * - the answer to a write carries the resource's ETag (for a later If-Match), `no-store` and Vary.
 *
 * A fresh answer is rendered once per loaded data: the read model answers the same object for as
 * long as it keeps it, and never past the tenant's next start or end, so no `status` rendered in
 * it changes meanwhile. A stale copy is rendered again at the moment of the answer.
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  private readonly rendered = new WeakMap<object, Representation>();

  constructor(
    private readonly reflector: Reflector,
    private readonly config: GatewayConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const represent = this.reflector.get<Represent<object> | undefined>(REPRESENT, context.getHandler());
    if (!represent) {
      return next.handle().pipe(tap((view: CampaignView) => void reply.header('etag', etagOf(view)).header('cache-control', 'no-store').header('vary', VARY)));
    }
    const ifNoneMatch = http.getRequest<FastifyRequest>().headers['if-none-match'];
    return next.handle().pipe(map((read: Read<object>) => this.answer(reply, ifNoneMatch, read, represent)));
  }

  private answer(reply: FastifyReply, ifNoneMatch: string | string[] | undefined, read: Read<object>, represent: Represent<object>): Buffer | undefined {
    const now = Date.now();
    const { body, etag } = read.stale ? represent(read.data, now) : this.once(read.data, represent, now);
    if (read.stale) void reply.header('warning', STALE_WARNING);
    const maxAge = maxAgeSeconds(now, read.holdsUntil, this.config.CACHE_HTTP_MAX_AGE_S);
    void reply.header('etag', etag).header('cache-control', `private, max-age=${maxAge}`).header('vary', VARY);
    if (noneMatch(ifNoneMatch, etag)) {
      void reply.status(304);
      return undefined;
    }
    void reply.header('content-type', JSON_TYPE);
    return body;
  }

  private once(data: object, represent: Represent<object>, now: number): Representation {
    let representation = this.rendered.get(data);
    if (!representation) this.rendered.set(data, (representation = represent(data, now)));
    return representation;
  }
}

/**
 * `max-age` for an answer that holds until `holdsUntil`: whole seconds, rounded down (a client
 * may keep it a little less, never longer), capped, never negative.
 */
export function maxAgeSeconds(now: number, holdsUntil: number, capS: number): number {
  const left = Math.floor((holdsUntil - now) / 1000);
  return Math.max(0, Math.min(capS, left));
}

/**
 * Whether `If-None-Match` names the current representation (RFC 9110 13.1.2: weak comparison,
 * so `W/"x"` matches `"x"`; `*` matches any current representation).
 */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (raw.trim() === '*') return true;
  // Tags may contain commas only in theory (our tags never do); split on commas outside quotes.
  for (const part of raw.match(/(?:W\/)?"[^"]*"/g) ?? []) {
    const tag = part.startsWith('W/') ? part.slice(2) : part;
    if (tag === etag) return true;
  }
  return false;
}
