import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-servers.js';

export interface ClusterShape {
  primaries: number;
  replicasPerPrimary: number;
}

/**
 * How long a node may be silent before the others call it failed (Redis's default is 15 s):
 * short, so a test sees a failover in seconds; long enough that a busy test machine does not
 * fail over on its own.
 */
const NODE_TIMEOUT_MS = 2000;

interface Node {
  port: number;
  process: ChildProcess | null;
}

/**
 * A Redis Cluster of the test's own on loopback: `primaries` primaries with
 * `replicasPerPrimary` replicas each, on free ports, nothing on disk. Each node's cluster bus
 * port is a free port of its own: Redis puts it at port + 10000 otherwise, which it refuses
 * above 55535.
 */
export class PrivateRedisCluster {
  private constructor(
    private readonly dir: string,
    private readonly all: Node[],
    private readonly primaryCount: number,
  ) {}

  static async create(shape: ClusterShape = { primaries: 3, replicasPerPrimary: 1 }): Promise<PrivateRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'cp-redis-cluster-'));
    const count = shape.primaries * (1 + shape.replicasPerPrimary);
    const nodes: Node[] = [];
    const taken = new Set<number>();
    const port = async (): Promise<number> => {
      for (;;) {
        const candidate = await freePort();
        if (!taken.has(candidate)) return taken.add(candidate), candidate;
      }
    };
    for (let i = 0; i < count; i++) {
      const node: Node = { port: await port(), process: null };
      const busPort = await port();
      node.process = spawn(
        'redis-server',
        [
          '--port', String(node.port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
          '--cluster-config-file', join(dir, `nodes-${node.port}.conf`), '--dir', dir,
          '--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--save', '', '--appendonly', 'no',
          // A replica syncs at once instead of waiting 5 s for more replicas to share the transfer.
          '--repl-diskless-sync-delay', '0',
          // What BullMQ requires of its Redis.
          '--maxmemory-policy', 'noeviction',
        ],
        { stdio: 'ignore' },
      );
      nodes.push(node);
    }
    const cluster = new PrivateRedisCluster(dir, nodes, shape.primaries);
    try {
      for (const node of nodes) await waitFor(() => cli(node.port, 'ping') === 'PONG', 5000, `node ${node.port} did not start`);
      execFileSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(shape.replicasPerPrimary), '--cluster-yes'], { stdio: 'ignore' });
      await cluster.waitUntilOk();
      // Every replica attached and synced: a primary killed before that has no replica to take over.
      await waitFor(() => cluster.primaries().every((p) => cluster.replicasOf(p).length === shape.replicasPerPrimary), 20_000, 'replicas did not attach');
    } catch (error) {
      cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** Every node as `host:port,host:port` (REDIS_CLUSTER_NODES). */
  get nodes(): string {
    return this.all.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  /** The ports of the running primaries, in port order. */
  primaries(): number[] {
    return this.live()
      .filter((n) => cli(n.port, 'role').split('\n')[0] === 'master')
      .map((n) => n.port)
      .sort((a, b) => a - b);
  }

  /** The ports of the running replicas that follow the primary on `port` and have synced with it. */
  replicasOf(port: number): number[] {
    return this.live()
      .filter((n) => {
        const info = cli(n.port, 'info', 'replication');
        return info.includes('role:slave') && info.includes(`master_port:${port}`) && info.includes('master_link_status:up');
      })
      .map((n) => n.port);
  }

  /** The index (port order) of the primary that serves `key`'s slot. */
  primaryIndexOf(key: string): number {
    const [first] = this.live();
    const slot = Number(cli(first!.port, 'cluster', 'keyslot', key));
    const primaries = this.primaries();
    const owner = primaries.findIndex((port) => {
      // CLUSTER NODES: this node's line ("myself") lists its slot ranges from the 9th field on.
      const mine = cli(port, 'cluster', 'nodes').split('\n').find((line) => line.includes('myself'))!;
      return mine
        .split(' ')
        .slice(8)
        .some((range) => {
          const [from, to = from] = range.split('-').map(Number);
          return slot >= from! && slot <= to!;
        });
    });
    if (owner < 0) throw new Error(`no primary serves slot ${slot}`);
    return owner;
  }

  /** kill -9 the `index`th primary (port order); returns the moment (ms since the epoch) of the kill. */
  killPrimary(index: number): number {
    const port = this.primaries()[index];
    const node = this.all.find((n) => n.port === port);
    if (!node?.process) throw new Error(`no primary #${index}`);
    if (this.replicasOf(node.port).length === 0) throw new Error(`primary #${index} has no replica to take over`);
    node.process.kill('SIGKILL');
    node.process = null;
    return Date.now();
  }

  /**
   * Waits until a replica has taken over every slot of the killed primary (every live node sees
   * `cluster_state:ok`, and as many primaries as before run); returns the moment it saw that.
   */
  async waitForFailover(timeoutMs = 30_000): Promise<number> {
    const before = this.all.length - this.live().length;
    await waitFor(() => before > 0 && this.primaries().length === this.primaryCount && this.isOk(), timeoutMs, 'the cluster did not fail over');
    return Date.now();
  }

  destroy(): void {
    for (const node of this.all) node.process?.kill('SIGKILL');
    for (const node of this.all) node.process = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private live(): Node[] {
    return this.all.filter((n) => n.process !== null);
  }

  private isOk(): boolean {
    return this.live().every((n) => {
      try {
        return cli(n.port, 'cluster', 'info').includes('cluster_state:ok');
      } catch {
        return false;
      }
    });
  }

  private async waitUntilOk(): Promise<void> {
    await waitFor(() => this.isOk(), 20_000, 'the cluster did not reach cluster_state:ok');
  }
}

function cli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { timeout: 2000 }).toString().trim();
}

async function waitFor(check: () => boolean, timeoutMs: number, failure: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (check()) return;
    } catch {
      // a node not answering yet
    }
    if (Date.now() > until) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
