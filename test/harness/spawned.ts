import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export type Service = 'monolith' | 'gateway' | 'campaigns' | 'jobs';

/**
 * A built product process (`dist/apps/<service>/src/main.js`), as `npm start` and the split
 * deployment run it. Its output is kept for assertions on what an operator would read.
 */
export class Spawned {
  output = '';
  private readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  static start(service: Service, env: NodeJS.ProcessEnv): Spawned {
    return Spawned.startFile(`dist/apps/${service}/src/main.js`, env);
  }

  /** Any built entrypoint, e.g. `dist/apps/jobs/src/migrate.js`. */
  static startFile(file: string, env: NodeJS.ProcessEnv): Spawned {
    return new Spawned(spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Resolves with the exit code (or fails after timeoutMs). */
  async exitCode(timeoutMs = 15_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`process still running after ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
    });
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    return this.exitCode();
  }
}
