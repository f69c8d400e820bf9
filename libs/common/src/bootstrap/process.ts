import { ConfigError, PlatformConfig } from '../config/index.js';
import { HealthService } from '../health/index.js';
import { flushTraces } from '../tracing/index.js';
import type { RunningApp } from './http-app.js';

/**
 * SIGTERM/SIGINT: readiness turns 503 at once, the process keeps serving for SHUTDOWN_DRAIN_MS
 * so load balancers stop sending, then closes (Nest waits for in-flight work and runs every
 * shutdown hook) and exits 0; past SHUTDOWN_TIMEOUT_MS it exits 1 anyway.
 */
export function exitGracefullyOnSignals(running: RunningApp, config: PlatformConfig): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    running.app.get(HealthService).markDraining();
    const hardStop = setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS);
    hardStop.unref();
    await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
    await running.close().catch(() => process.exit(1));
    await flushTraces();
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: `stopped after ${signal}` })}\n`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** A process that cannot start says why in one line (no stack for a bad configuration) and exits 1. */
export function exitOnStartupError(error: unknown): never {
  const line = error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
