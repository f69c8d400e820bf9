import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './private-servers.js';

const PGBOUNCER = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';

export interface PrivatePgBouncerOptions {
  postgresHost?: string;
  postgresPort: number;
  /** Server connections per database and user (PgBouncer's default_pool_size). */
  poolSize?: number;
}

/**
 * A PgBouncer of the test's own in transaction pooling mode (what a production deployment puts
 * before PostgreSQL), on a free port, in front of any database of one server. PgBouncer refuses
 * root, so it runs as `postgres` from a folder that user owns.
 */
export class PrivatePgBouncer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private process: ChildProcess | null,
    private readonly log: string,
  ) {}

  static async create(options: PrivatePgBouncerOptions): Promise<PrivatePgBouncer> {
    const dir = mkdtempSync(join(tmpdir(), 'cp-pgbouncer-'));
    const port = await freePort();
    const log = join(dir, 'pgbouncer.log');
    writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${options.postgresHost ?? '127.0.0.1'} port=${options.postgresPort}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${join(dir, 'userlist.txt')}`,
        'admin_users = postgres',
        'stats_users = postgres',
        'pool_mode = transaction',
        'max_client_conn = 2000',
        `default_pool_size = ${options.poolSize ?? 20}`,
        `logfile = ${log}`,
        '',
      ].join('\n'),
    );
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      for (const file of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, file), uid, gid);
    }
    const args = [PGBOUNCER, join(dir, 'pgbouncer.ini')];
    const [command, ...rest] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
    // Its own process group: kill() takes runuser and PgBouncer down together.
    const child = spawn(command!, rest, { stdio: 'ignore', detached: true });
    const bouncer = new PrivatePgBouncer(port, dir, child, log);
    try {
      await bouncer.accepting();
    } catch (error) {
      bouncer.destroy();
      throw error;
    }
    return bouncer;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A statement on the admin console (`SHOW POOLS`, `SHOW CLIENTS`, `SHOW SERVERS`...). */
  async admin(command: string): Promise<Array<Record<string, unknown>>> {
    const client = new pg.Client({ connectionString: this.url('pgbouncer') });
    await client.connect();
    try {
      // The console speaks the simple query protocol only: no parameters.
      return (await client.query(command)).rows;
    } finally {
      await client.end();
    }
  }

  /** kill -9, as a crash looks to the processes behind it. */
  kill(): void {
    if (this.process?.pid && this.process.exitCode === null) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.process = null;
  }

  destroy(): void {
    this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async accepting(): Promise<void> {
    let last: unknown;
    for (let i = 0; i < 100; i++) {
      if (this.process?.exitCode !== null) break;
      try {
        await this.admin('SHOW VERSION');
        return;
      } catch (error) {
        last = error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const log = existsSync(this.log) ? execFileSync('tail', ['-n', '20', this.log]).toString() : '';
    throw new Error(`private pgbouncer did not start (${(last as Error)?.message ?? `exit ${this.process?.exitCode}`}): ${log}`);
  }
}
