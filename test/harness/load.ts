/**
 * A steady load for shutdown and fault tests: `concurrency` loops, each sending one request at a
 * time, round-robin over the targets. Like a load balancer, it stops sending to a target whose
 * connection failed (no HTTP answer). Every request is recorded with when it started and ended,
 * so a test can tell which requests were in flight when a process went away.
 */
export interface LoadRequest {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Outcome {
  seq: number;
  kind: string;
  target: string;
  started: number;
  ended: number;
  /** The HTTP status; null when no answer came (the connection failed). */
  status: number | null;
  /** The connection error when no answer came (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET...). */
  error: string | null;
  body: any;
}

export interface LoadOptions {
  targets: string[];
  concurrency: number;
  next: (seq: number) => LoadRequest;
  /** Pause of each loop between two requests (keeps a 2-core machine breathing). */
  thinkMs?: number;
  /** Stop sending to a target after a connection failure (a load balancer's passive check). */
  dropFailedTargets?: boolean;
  onOutcome?: (outcome: Outcome) => void;
  /** The load stops by itself after this long, even if a failing test never calls stop(). */
  maxMs?: number;
}

const PER_REQUEST_LIMIT_MS = 60_000;
/** After a connection failure on a target it keeps sending to: no tight loop of refusals. */
const RETRY_PAUSE_MS = 100;

export class Load {
  readonly outcomes: Outcome[] = [];
  readonly down = new Map<string, number>();
  private seq = 0;
  private turn = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
    const limit = setTimeout(() => (this.stopping = true), this.options.maxMs ?? 180_000);
    limit.unref();
    void Promise.all(this.loops).then(() => clearTimeout(limit));
    return this;
  }

  /** Stops starting requests; resolves with every outcome once the ones in flight ended. */
  async stop(): Promise<Outcome[]> {
    this.stopping = true;
    await Promise.all(this.loops);
    return this.outcomes;
  }

  /** Requests started so far (finished or not). */
  get started(): number {
    return this.seq;
  }

  private pick(): string | undefined {
    const live = this.options.targets.filter((t) => !this.down.has(t));
    if (live.length === 0) return undefined;
    return live[this.turn++ % live.length];
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const target = this.pick();
      if (!target) return;
      const seq = this.seq++;
      const outcome = await send(target, seq, this.options.next(seq));
      this.outcomes.push(outcome);
      if (outcome.status === null && this.options.dropFailedTargets && !this.down.has(target)) this.down.set(target, outcome.ended);
      this.options.onOutcome?.(outcome);
      const pause = outcome.status === null ? Math.max(RETRY_PAUSE_MS, this.options.thinkMs ?? 0) : this.options.thinkMs;
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

async function send(target: string, seq: number, req: LoadRequest): Promise<Outcome> {
  const headers: Record<string, string> = { ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  const started = Date.now();
  try {
    const response = await fetch(`${target}${req.path}`, { method: req.method, headers, body, signal: AbortSignal.timeout(PER_REQUEST_LIMIT_MS) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : text;
    } catch {
      // not JSON: keep the text
    }
    return { seq, kind: req.kind, target, started, ended: Date.now(), status: response.status, error: null, body: parsed };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; name?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.name ?? (error as Error).name ?? 'ERROR';
    return { seq, kind: req.kind, target, started, ended: Date.now(), status: null, error: code, body: null };
  }
}

export const ok = (o: Outcome): boolean => o.status !== null && o.status >= 200 && o.status < 300;

/**
 * Fastify's answer to a request that reached a server already closing (`return503OnClosing`):
 * a refusal before any application code ran, so the request was not accepted.
 */
export const closingRefusal = (o: Outcome): boolean =>
  o.status === 503 && typeof o.body === 'object' && o.body !== null && o.body.error === 'Service Unavailable' && o.body.code === undefined;

/** A one-line summary for failure messages. */
export function describeOutcome(o: Outcome, since = 0): string {
  const what = o.status === null ? `no answer (${o.error})` : `${o.status} ${typeof o.body === 'object' && o.body ? (o.body.code ?? o.body.error ?? '') : String(o.body).slice(0, 80)}`;
  return `#${o.seq} ${o.kind} on ${o.target} [${o.started - since}..${o.ended - since} ms]: ${what}`;
}
