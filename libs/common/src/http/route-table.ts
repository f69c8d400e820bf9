import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A copy of the routes Fastify registers, kept only to tell an unknown path (404) from a known
 * path asked with another method (405 with Allow), and to answer OPTIONS: Fastify answers both
 * with its not-found path and does not expose its router. It matches as Fastify's router does
 * (case-sensitive, trailing slash significant), and leaves out catch-all routes (the CORS
 * plugin's `OPTIONS *`), which would make every path look known.
 */
export class RouteTable {
  private readonly router = FindMyWay();

  add(method: string | string[], url: string): void {
    if (url === '*' || url === '/*') return;
    for (const m of [method].flat()) {
      if ((METHODS as readonly string[]).includes(m) && !this.router.hasRoute(m as 'GET', url)) {
        this.router.on(m as 'GET', url, () => undefined);
      }
    }
  }

  /** The methods a concrete path answers, OPTIONS included (every known path answers it); none for an unknown path. */
  allowedMethods(url: string): string[] {
    const path = url.split('?')[0] ?? url;
    const methods: string[] = METHODS.filter((m) => matches(this.router.find(m, path)));
    return methods.length > 0 ? [...methods, 'OPTIONS'] : [];
  }
}

/** Nest's routes never match an empty path parameter (`/v1/jobs/` is not `/v1/jobs/:id`); find-my-way's would. */
function matches(found: { params: Record<string, string | undefined> } | null): boolean {
  return found !== null && Object.values(found.params).every((value) => value !== '');
}
