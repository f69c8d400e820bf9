import type { RunningApp } from '#common';
import { bootstrap as monolith } from '../../apps/monolith/src/monolith.bootstrap.js';
import { eventually, request, RequestOptions, TestResponse } from './http.js';
import { TestEnvironment } from './test-env.js';

export type Mode = 'monolith' | 'split';

/** The mode the e2e suite runs in: `npm test` runs the same suite once per mode. */
export const MODE: Mode = process.env.E2E_MODE === 'split' ? 'split' : 'monolith';

/**
 * The product under test, started in either runtime against its own throwaway database and
 * Redis prefix. Tests only speak HTTP to `url`, so the same test passes in both modes.
 */
export class Product {
  private constructor(
    readonly url: string,
    readonly env: TestEnvironment,
    private readonly stopAll: () => Promise<void>,
  ) {}

  static async start(overrides: Record<string, string> = {}, mode: Mode = MODE): Promise<Product> {
    const env = await TestEnvironment.create();
    if (mode === 'split') throw new Error('split mode arrives with the Redis transport');
    const running: RunningApp = await monolith({ env: env.vars(overrides) });
    const product = new Product(running.url, env, () => running.close());
    await product.ready();
    return product;
  }

  async ready(): Promise<void> {
    await eventually(async () => ((await this.get('/health/ready')).status === 200 ? true : undefined), 20_000);
  }

  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>> {
    return request<T>(this.url, method, path, options);
  }

  get<T = any>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>> {
    return this.request<T>('GET', path, { headers });
  }

  async stop(): Promise<void> {
    await this.stopAll();
    await this.env.drop();
  }
}
