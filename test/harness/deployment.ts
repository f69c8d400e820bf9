import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tenantWithCredentials, type TenantCredentials } from './auth.js';
import { eventually, request } from './http.js';
import { freePort } from './private-servers.js';
import { Product } from './product.js';
import { Service, Spawned } from './spawned.js';
import { adminQuery, serversOf, testRedis, TestEnvironment } from './test-env.js';

/**
 * One built process of a deployment under test. Each gets a SERVICE_NAME of its own, which is
 * its PostgreSQL `application_name` and the prefix of its Redis connection names, so a test can
 * see whether that very process left a connection behind.
 */
export class Member {
  constructor(
    readonly service: Service,
    readonly name: string,
    readonly url: string,
    readonly spawned: Spawned,
  ) {}

  /** Waits for readiness 200; fails at once if the process exits. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.spawned.child.exitCode !== null) throw new Error(`${this.name} exited ${this.spawned.child.exitCode}: ${this.spawned.output.slice(-2000)}`);
      if ((await request(this.url, 'GET', '/health/ready').catch(() => undefined))?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms: ${this.spawned.output.slice(-2000)}`);
  }

  /** Sends SIGTERM now; returns the moment it was sent. */
  terminate(): number {
    const at = Date.now();
    this.spawned.child.kill('SIGTERM');
    return at;
  }

  /** kill -9 now; returns the moment it was sent. */
  kill(): number {
    const at = Date.now();
    this.spawned.child.kill('SIGKILL');
    return at;
  }

  /** PostgreSQL sessions this process holds (by its application_name). */
  async postgresSessions(): Promise<number> {
    const { rows } = await adminQuery('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [this.name]);
    return rows[0].n as number;
  }

  /** Redis connections this process holds (by the connection names it gives them). */
  async redisConnections(): Promise<string[]> {
    const redis = testRedis({ lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      const lists = await Promise.all((await serversOf(redis, 'all')).map(async (server) => (await server.client('LIST')) as string));
      return lists
        .join('\n')
        .split('\n')
        .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
        .filter((name) => name.startsWith(`${this.name}:`));
    } finally {
      redis.disconnect();
    }
  }

  /** Lines of the process's JSON log at or above a pino level (40 warn, 50 error), logged since `since`. */
  logLines(minLevel: number, since = 0): Array<{ level: number; time: number; msg: string }> {
    return this.spawned.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line) as { level: number; time: number; msg: string };
        } catch {
          return undefined;
        }
      })
      .filter((entry): entry is { level: number; time: number; msg: string } => entry !== undefined && entry.level >= minLevel && entry.time >= since);
  }
}

/**
 * Built processes (gateway, campaigns, jobs, monolith) on one throwaway database and Redis
 * prefix, started one by one with their own environment overrides.
 */
export class Deployment {
  readonly members: Member[] = [];
  private readonly tag = randomBytes(3).toString('hex');
  private counter = 0;

  private constructor(
    readonly env: TestEnvironment,
    private readonly base: Record<string, string>,
  ) {}

  static async create(base: Record<string, string> = {}): Promise<Deployment> {
    return new Deployment(await TestEnvironment.create(), base);
  }

  async start(service: Service, overrides: Record<string, string> = {}): Promise<Member> {
    const port = await freePort();
    const name = `t${this.tag}-${service}-${++this.counter}`;
    const spawned = Spawned.start(service, this.env.vars({ ...this.base, ...overrides, PORT: String(port), SERVICE_NAME: name }));
    const member = new Member(service, name, `http://127.0.0.1:${port}`, spawned);
    this.members.push(member);
    return member;
  }

  /** The product as tests speak to it: HTTP on one gateway (or monolith). */
  product(edge: Member): Product {
    return Product.create(edge.url, this.env, async () => undefined, () => Promise.reject(new Error('start replicas with Deployment.start')));
  }

  /**
   * Once every member is ready and the deployment answers ok through `edge`: the product as
   * tests speak to it there, and the credentials of a new tenant. Several processes starting at
   * once on a busy machine may need more than the default 30 s each (`readyTimeoutMs`); a start
   * that does not finish fails with what each process's readiness answered.
   */
  async open(edge: Member, readyTimeoutMs?: number): Promise<{ product: Product; t: TenantCredentials }> {
    await Promise.all(this.members.map((m) => m.ready(readyTimeoutMs))).catch(async (error: Error) => {
      const said = await Promise.all(this.members.map(async (m) => `${m.name}: ${(await request(m.url, 'GET', '/health/ready').catch((e: Error) => ({ text: e.message }))).text}`));
      throw new Error(`${error.message}\n${said.join('\n')}`);
    });
    const product = this.product(edge);
    await product.ready();
    return { product, t: await tenantWithCredentials(product) };
  }

  /** Kills what still runs and drops the database and Redis keys. */
  async destroy(): Promise<void> {
    await Promise.all(this.members.map((m) => m.spawned.stop('SIGKILL').catch(() => null)));
    // TEST_KEEP_LOGS=<dir>: each process's output, for a failure's post-mortem.
    if (process.env.TEST_KEEP_LOGS) for (const m of this.members) writeFileSync(join(process.env.TEST_KEEP_LOGS, `${m.name}.log`), m.spawned.output);
    await this.env.drop();
  }
}

/** Waits until a process that exited has no PostgreSQL session and no Redis connection left. */
export async function expectNoConnectionsLeft(member: Member, timeoutMs = 5000): Promise<void> {
  await eventually(async () => {
    const sessions = await member.postgresSessions();
    const connections = await member.redisConnections();
    if (sessions === 0 && connections.length === 0) return true;
    throw new Error(`${member.name} still holds ${sessions} PostgreSQL session(s) and Redis connections [${connections.join(', ')}]`);
  }, timeoutMs, 100);
}
