import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import { ApiProblem } from './problem';
import type { paths } from './schema';

/**
 * The typed client of the public REST API, generated from the served OpenAPI document
 * (`npm run console:api`; a test fails when it drifts). The console has no other door into the
 * product.
 */
// `no-cache`: the API lets browsers keep reads for a few seconds (`private, max-age=5`), which
// suits the apps; staff must see their own change at once, so the browser revalidates every read
// (a 304 when nothing changed).
export const api = createClient<paths>({ baseUrl: window.location.origin, cache: 'no-cache' });

const bearer: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token: forget it, so the app shows the sign-in again.
    if (response.status === 401 && session.token()) session.expired();
    return response;
  },
};
api.use(bearer);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; a refusal becomes an ApiProblem. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiProblem.from(response.status, error);
  return data as T;
}

/** Every page of a cursor-paged list, up to `max` items. */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, max = 1000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

/** `If-Match` for a campaign or event: the API compares id and version only. */
export function ifMatch(resource: { id: string; version: number }): string {
  return `"${resource.id}:${resource.version}"`;
}
