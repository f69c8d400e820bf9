import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A copy of the routes Fastify registers, kept only to tell an unknown path (404) from a known
 * path asked with another method (405 with Allow): Fastify answers both with its not-found path
 * and does not expose its router.
 */
export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });

  add(method: string | string[], rawUrl: string): void {
    // The router ignores trailing slashes: `/x` and `/x/` (Fastify registers both for a plugin's
    // `/` route under a prefix) are one route here, declared once.
    const url = rawUrl.length > 1 ? rawUrl.replace(/\/+$/, '') : rawUrl;
    for (const m of [method].flat()) {
      if ((METHODS as readonly string[]).includes(m) && !this.router.hasRoute(m as 'GET', url)) {
        this.router.on(m as 'GET', url, () => undefined);
      }
    }
  }

  allowedMethods(url: string): string[] {
    const path = url.split('?')[0] ?? url;
    return METHODS.filter((m) => this.router.find(m, path) !== null);
  }
}
