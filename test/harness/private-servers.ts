import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PG_BIN = (() => {
  try {
    return execFileSync('pg_config', ['--bindir']).toString().trim();
  } catch {
    return '/usr/lib/postgresql/15/bin';
  }
})();

function asPostgres(args: string[]): void {
  const [bin, ...rest] = args;
  const command = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin!), ...rest]] : [join(PG_BIN, bin!), rest];
  execFileSync(command[0] as string, command[1] as string[], { stdio: 'ignore' });
}

/**
 * A PostgreSQL cluster of the test's own on a free port, to stop and start at will; the shared
 * server is never touched. initdb and postgres refuse root, so they run as `postgres`.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'cp-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    asPostgres(['initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    const pg = new PrivatePostgres(await freePort(), dir);
    pg.start();
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/campaigns`;
  }

  start(): void {
    asPostgres(['pg_ctl', '-D', join(this.dir, 'data'), '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  }

  /** An immediate stop: what a crash looks like to clients. */
  crash(): void {
    asPostgres(['pg_ctl', '-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.crash();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server of the test's own on a free port, to kill and restart at will. */
export class PrivateRedis {
  private process: ReturnType<typeof spawn> | null = null;

  private constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const redis = await PrivateRedis.notStarted();
    await redis.start();
    return redis;
  }

  /** A port for a server that is not running yet (a product started before its Redis). */
  static async notStarted(): Promise<PrivateRedis> {
    return new PrivateRedis(await freePort());
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error('private redis-server did not start');
  }

  kill(): void {
    this.process?.kill('SIGKILL');
    this.process = null;
  }

  /** SIGSTOP: Redis hangs with its connections open, answering nothing and failing nothing. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }
}
