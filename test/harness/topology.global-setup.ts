import { existsSync } from 'node:fs';
import Module from 'node:module';

/**
 * The production topology for an e2e run, chosen by the environment:
 * - `E2E_REDIS=cluster`: a three-primary Redis Cluster (one replica each) on loopback, and the
 *   products are given REDIS_CLUSTER_NODES;
 * - `E2E_POSTGRES=pgbouncer`: PgBouncer in transaction mode in front of the shared PostgreSQL,
 *   and the products are given DATABASE_URL through it and DATABASE_DIRECT_URL beside it.
 * TestEnvironment reads what this exports (TEST_REDIS_CLUSTER_NODES, TEST_PGBOUNCER_URL); the
 * test files do not know which topology they run on. Without either variable, nothing starts.
 */
export default async function startTopology(): Promise<void> {
  resolveTypeScriptSources();
  const running: Array<{ destroy(): unknown }> = [];
  (globalThis as { e2eTopology?: typeof running }).e2eTopology = running;
  if (process.env.E2E_REDIS === 'cluster') {
    const { PrivateRedisCluster } = await import('./private-redis-cluster.js');
    const cluster = await PrivateRedisCluster.create({ primaries: 3, replicasPerPrimary: 1 });
    running.push(cluster);
    process.env.TEST_REDIS_CLUSTER_NODES = cluster.nodes;
    process.stdout.write(`\ne2e topology: Redis Cluster, nodes ${cluster.nodes}\n`);
  }
  if (process.env.E2E_POSTGRES === 'pgbouncer') {
    const { PrivatePgBouncer } = await import('./private-pgbouncer.js');
    const { SHARED_POSTGRES } = await import('./test-env.js');
    const postgres = new URL(SHARED_POSTGRES);
    const bouncer = await PrivatePgBouncer.create({ postgresHost: postgres.hostname, postgresPort: Number(postgres.port || 5432) });
    running.push(bouncer);
    process.env.TEST_PGBOUNCER_URL = `postgres://postgres@127.0.0.1:${bouncer.port}`;
    process.stdout.write(`e2e topology: PgBouncer (transaction mode) at 127.0.0.1:${bouncer.port} before ${postgres.host}\n`);
  }
}

/**
 * Jest loads a global setup with Node's own require, without the projects' moduleNameMapper:
 * the harness's `./x.js` specifiers name TypeScript sources (as in the tests), so a relative
 * `.js` that does not exist is resolved to its `.ts` beside it. Hence also the dynamic imports
 * above: they run after this.
 */
function resolveTypeScriptSources(): void {
  const loader = Module as unknown as { _resolveFilename(request: string, parent: { path?: string } | undefined, ...rest: unknown[]): string };
  const resolve = loader._resolveFilename.bind(loader);
  loader._resolveFilename = (request, parent, ...rest) => {
    const ts = request.replace(/\.js$/, '.ts');
    const local = request.startsWith('.') && request.endsWith('.js') && parent?.path && !existsSync(`${parent.path}/${request}`) && existsSync(`${parent.path}/${ts}`);
    return resolve(local ? ts : request, parent, ...rest);
  };
}
