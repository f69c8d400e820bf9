import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { eventually } from './http.js';
import { freePort } from './private-servers.js';

/** Staggered per sentinel: with one value for all they sometimes split their votes (TOOLCHAIN.md). */
const DOWN_AFTER_MS = [1500, 1800, 2100];
const FAILOVER_TIMEOUT_MS = 5000;
const QUORUM = 2;

interface DataNode {
  port: number;
  process: ChildProcess | null;
}

/**
 * A Redis Sentinel deployment of the test's own on free loopback ports: a primary, a replica
 * and three sentinels, each a private `redis-server` (the shared Redis on 6379 is never
 * touched). No persistence: a killed data node comes back empty, as a lost disk would.
 */
export class PrivateRedisSentinel {
  readonly name = `cp-${randomBytes(3).toString('hex')}`;
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, as REDIS_SENTINELS takes it. */
  readonly sentinels: string;
  private readonly sentinelProcesses: ChildProcess[] = [];

  private constructor(
    private readonly dir: string,
    private readonly nodes: DataNode[],
    private readonly sentinelPorts: number[],
  ) {
    this.sentinels = sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',');
  }

  static async create(): Promise<PrivateRedisSentinel> {
    const dir = mkdtempSync(join(tmpdir(), 'cp-sentinel-'));
    const nodes: DataNode[] = [];
    for (let i = 0; i < 2; i++) nodes.push({ port: await freePort(), process: null });
    const sentinelPorts: number[] = [];
    for (let i = 0; i < 3; i++) sentinelPorts.push(await freePort());
    const deployment = new PrivateRedisSentinel(dir, nodes, sentinelPorts);
    try {
      await deployment.startNode(nodes[0]!);
      await deployment.startNode(nodes[1]!, nodes[0]!.port);
      await deployment.waitForSync(nodes[1]!.port);
      for (const [i, port] of sentinelPorts.entries()) deployment.startSentinel(i, port, nodes[0]!.port);
      await deployment.waitForSentinels();
    } catch (error) {
      deployment.destroy();
      throw error;
    }
    return deployment;
  }

  /** The primary's port, as a sentinel tells it (the first that answers). */
  async primaryPort(): Promise<number> {
    let last: unknown;
    for (const port of this.sentinelPorts) {
      try {
        const [, primary] = (await ask(port, 'SENTINEL', 'get-master-addr-by-name', this.name)) as [string, string];
        return Number(primary);
      } catch (error) {
        last = error;
      }
    }
    throw new Error(`no sentinel answers: ${String(last)}`);
  }

  /** kill -9 of the current primary; returns its port and the moment the signal was sent. */
  async killPrimary(): Promise<{ port: number; at: number }> {
    const port = await this.primaryPort();
    const node = this.nodes.find((n) => n.port === port)!;
    const at = Date.now();
    node.process?.kill('SIGKILL');
    node.process = null;
    return { port, at };
  }

  /**
   * Waits until every sentinel names a primary other than `oldPort` and that node answers as a
   * primary; returns that moment.
   */
  async waitForFailover(oldPort: number, timeoutMs = 30_000): Promise<{ port: number; at: number }> {
    return eventually(
      async () => {
        const named = await Promise.all(this.sentinelPorts.map(async (port) => Number(((await ask(port, 'SENTINEL', 'get-master-addr-by-name', this.name)) as string[])[1])));
        const port = named[0]!;
        if (port === oldPort || named.some((p) => p !== port)) return undefined;
        const role = (await ask(port, 'ROLE')) as [string];
        return role[0] === 'master' ? { port, at: Date.now() } : undefined;
      },
      timeoutMs,
      50,
    );
  }

  destroy(): void {
    for (const child of [...this.nodes.map((n) => n.process), ...this.sentinelProcesses]) child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startNode(node: DataNode, replicaOf?: number): Promise<void> {
    // repl-diskless-sync-delay 0: a primary's full sync would otherwise wait 5 s for more replicas
    // (set on both nodes: either may be the primary).
    const args = ['--port', String(node.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--dir', this.dir];
    if (replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(replicaOf));
    node.process = spawn('redis-server', args, { stdio: 'ignore' });
    await eventually(async () => ((await ask(node.port, 'PING')) === 'PONG' ? true : undefined), 10_000, 50);
  }

  private startSentinel(i: number, port: number, primaryPort: number): void {
    const file = join(this.dir, `sentinel-${port}.conf`);
    // Each sentinel rewrites its own file (what it learned of replicas, peers, epochs).
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${this.name} 127.0.0.1 ${primaryPort} ${QUORUM}`,
        `sentinel down-after-milliseconds ${this.name} ${DOWN_AFTER_MS[i]}`,
        `sentinel failover-timeout ${this.name} ${FAILOVER_TIMEOUT_MS}`,
        `sentinel parallel-syncs ${this.name} 1`,
        '',
      ].join('\n'),
    );
    this.sentinelProcesses.push(spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' }));
  }

  private async waitForSync(replicaPort: number): Promise<void> {
    await eventually(async () => ((await ask(replicaPort, 'INFO', 'replication')) as string).includes('master_link_status:up') || undefined, 15_000, 50);
  }

  /** Every sentinel knows the replica and its two peers: a failover can be agreed on. */
  private async waitForSentinels(): Promise<void> {
    await eventually(
      async () => {
        for (const port of this.sentinelPorts) {
          const flat = (await ask(port, 'SENTINEL', 'master', this.name)) as string[];
          const info = Object.fromEntries(flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]]] : [])));
          if (info['num-slaves'] !== '1' || info['num-other-sentinels'] !== '2') return undefined;
        }
        return true;
      },
      30_000,
      100,
    );
  }
}

/** One command on a short-lived connection that neither retries nor queues. */
async function ask(port: number, command: string, ...args: string[]): Promise<any> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command, ...args);
  } finally {
    client.disconnect();
  }
}
