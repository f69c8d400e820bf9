import type { RunningApp } from '#common';
import { bootstrap as monolith } from '../../apps/monolith/src/monolith.bootstrap.js';
import { eventually, request, RequestOptions, TestResponse } from './http.js';
import { OpenApiContract } from './openapi-contract.js';
import { freePort } from './private-servers.js';
import { Service, Spawned } from './spawned.js';
import { TestEnvironment } from './test-env.js';

export type Mode = 'monolith' | 'split';

/** The mode the e2e suite runs in: `npm test` runs the same suite once per mode. */
export const MODE: Mode = process.env.E2E_MODE === 'split' ? 'split' : 'monolith';

/**
 * The product under test, started in either runtime against its own throwaway database and
 * Redis prefix. Tests only speak HTTP to `url`, so the same test passes in both modes.
 */
export class Product {
  private readonly replicas: Replica[] = [];
  private replicaStarter: (() => Promise<Replica>) | undefined;
  /** The served /docs-json: every answer `request` gets is checked against it (see stop()). */
  contract: OpenApiContract | undefined;

  private constructor(
    readonly url: string,
    readonly env: TestEnvironment,
    private readonly stopAll: () => Promise<void>,
  ) {}

  /**
   * Another replica of the HTTP edge on the same database and Redis prefix: a second gateway
   * process in split mode, a second monolith in monolith mode. Stopped with the product.
   */
  async startReplica(): Promise<Replica> {
    const replica = await this.replicaStarter!();
    this.replicas.push(replica);
    await eventually(async () => ((await request(replica.url, 'GET', '/health/ready')).status === 200 ? true : undefined), 30_000);
    return replica;
  }

  static async start(overrides: Record<string, string> = {}, mode: Mode = MODE): Promise<Product> {
    const env = await TestEnvironment.create();
    const product = mode === 'split' ? await startSplit(env, overrides) : await startMonolith(env, overrides);
    try {
      await product.ready();
      product.contract = await OpenApiContract.load(product.url);
    } catch (error) {
      // A deployment that never got ready is stopped, or its processes would keep Jest alive.
      await product.stopAll().catch(() => undefined);
      await env.drop().catch(() => undefined);
      throw error;
    }
    return product;
  }

  /**
   * Ready when the whole deployment is: the gateway and every service answer ok. Five processes
   * starting at once on two busy cores have taken 25–37 s here: the margin is generous.
   */
  async ready(): Promise<void> {
    await eventually(async () => ((await this.get('/health')).body?.status === 'ok' ? true : undefined), 90_000);
  }

  async request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>> {
    const response = await request<T>(this.url, method, path, options);
    this.contract?.check(method, path, response);
    return response;
  }

  get<T = any>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>> {
    return this.request<T>('GET', path, { headers });
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.stop()));
    await this.stopAll();
    await this.env.drop();
    // Once everything is stopped: the test file fails with every answer the document does not describe.
    this.contract?.assertNoMismatches();
  }

  /** Used by the starters below only. */
  static create(url: string, env: TestEnvironment, stopAll: () => Promise<void>, replica: () => Promise<Replica>): Product {
    const product = new Product(url, env, stopAll);
    product.replicaStarter = replica;
    return product;
  }
}

export interface Replica {
  url: string;
  stop(): Promise<void>;
}

async function startMonolith(env: TestEnvironment, overrides: Record<string, string>): Promise<Product> {
  const start = async (): Promise<Replica> => {
    const running: RunningApp = await monolith({ env: env.vars(overrides) });
    return { url: running.url, stop: once(() => running.close()) };
  };
  const first = await start();
  return Product.create(first.url, env, first.stop, start);
}

/** The split deployment as OS processes from the build: a gateway, two replicas of each service. */
const SPLIT_TOPOLOGY: Service[] = ['campaigns', 'campaigns', 'jobs', 'jobs', 'gateway'];

async function startSplit(env: TestEnvironment, overrides: Record<string, string>): Promise<Product> {
  const processes: Spawned[] = [];
  let gatewayPort = 0;
  for (const service of SPLIT_TOPOLOGY) {
    const port = await freePort();
    if (service === 'gateway') gatewayPort = port;
    processes.push(Spawned.start(service, env.vars({ ...overrides, PORT: String(port) })));
  }
  const stopAll = async () => {
    const codes = await Promise.all(processes.map((p) => p.stop('SIGTERM')));
    const failed = codes.map((code, i) => [code, processes[i]!] as const).filter(([code]) => code !== 0);
    if (failed.length > 0) throw new Error(`split processes exited badly:\n${failed.map(([code, p]) => `${code}: ${p.output.slice(-2000)}`).join('\n')}`);
  };
  const gateway = async (): Promise<Replica> => {
    const port = await freePort();
    const spawned = Spawned.start('gateway', env.vars({ ...overrides, PORT: String(port) }));
    return { url: `http://127.0.0.1:${port}`, stop: once(async () => void (await spawned.stop('SIGTERM'))) };
  };
  return Product.create(`http://127.0.0.1:${gatewayPort}`, env, stopAll, gateway);
}

/** A replica a test stopped is not stopped again with the product. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
