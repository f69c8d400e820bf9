import { Inject, Injectable } from '@nestjs/common';
import { bounded } from '../async/bounded.js';

export type OverallStatus = 'ok' | 'degraded' | 'down';
export type Phase = 'starting' | 'ready' | 'draining';

export interface DependencyHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: OverallStatus;
  phase: Phase;
  dependencies: Record<string, DependencyHealth>;
}

export const HEALTH_POLICY = Symbol('HEALTH_POLICY');

/** Which dependencies this process cannot serve any request without (down: the process is down). */
export interface HealthPolicy {
  required: string[];
}

const CHECK_TIMEOUT_MS = 1500;

/**
 * Readiness of this process: its start-up tasks (connections, migrations), its drain after
 * SIGTERM, and its dependencies. A dependency not needed for every request makes the process
 * degraded, not down (it can still serve what needs no such dependency).
 */
@Injectable()
export class HealthService {
  private phase: Phase = 'starting';
  private readonly startupTasks = new Set<string>();
  private readonly finishedTasks: string[] = [];
  private listening = false;
  private readonly checks = new Map<string, Array<() => Promise<void>>>();
  private becomeReady: () => void;
  /** Settles when the process first becomes ready (listening, every start-up task done). */
  readonly ready = new Promise<void>((resolve) => (this.becomeReady = resolve));

  constructor(@Inject(HEALTH_POLICY) private readonly policy: HealthPolicy) {}

  addCheck(dependency: string, check: () => Promise<void>): void {
    this.checks.set(dependency, [...(this.checks.get(dependency) ?? []), check]);
  }

  /** Registers something that must finish before the process is ready; call the result when done. */
  startupTask(name: string): () => void {
    this.startupTasks.add(name);
    return () => {
      if (this.startupTasks.delete(name)) this.finishedTasks.push(name);
      this.refreshPhase();
    };
  }

  markListening(): void {
    this.listening = true;
    this.refreshPhase();
  }

  markDraining(): void {
    this.phase = 'draining';
  }

  get currentPhase(): Phase {
    return this.phase;
  }

  pendingStartupTasks(): string[] {
    return [...this.startupTasks];
  }

  /** Start-up tasks done so far, in the order they finished. */
  finishedStartupTasks(): string[] {
    return [...this.finishedTasks];
  }

  async readiness(): Promise<Readiness> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(names.map((name) => this.probe(name)));
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    return { status: this.overall(dependencies), phase: this.phase, dependencies };
  }

  private overall(dependencies: Record<string, DependencyHealth>): OverallStatus {
    if (this.phase !== 'ready') return 'down';
    const down = Object.entries(dependencies).filter(([, d]) => d.status === 'down').map(([n]) => n);
    if (down.some((name) => this.policy.required.includes(name))) return 'down';
    return down.length > 0 ? 'degraded' : 'ok';
  }

  private async probe(name: string): Promise<DependencyHealth> {
    const started = performance.now();
    try {
      await Promise.all(this.checks.get(name)!.map((check) => bounded(check(), CHECK_TIMEOUT_MS, () => new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`))));
      return { status: 'up', latencyMs: elapsed(started) };
    } catch (error) {
      return { status: 'down', latencyMs: elapsed(started), error: describe(error) };
    }
  }

  private refreshPhase(): void {
    if (this.phase !== 'starting' || !this.listening || this.startupTasks.size > 0) return;
    this.phase = 'ready';
    this.becomeReady();
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? 'unavailable';
}
