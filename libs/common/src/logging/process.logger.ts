import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger as Pino, type LoggerOptions } from 'pino';

/**
 * Nest's inventory of its own start-up (each module loaded, each controller and route mapped,
 * "successfully started"): about 90 lines a person starting the product has to scroll past.
 */
export const NEST_BOOTSTRAP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/** Nest's exception handlers pass a stack trace as the one string after the message. */
const STACK = /\n\s*at /;

/**
 * The logger Nest writes through: pino's JSON lines, one process-wide instance, with the info
 * lines of the given contexts moved to debug (still there with LOG_LEVEL=debug, out of the way
 * at the default info).
 *
 * Written here rather than taken from nestjs-pino: that package's request-scoped loggers are
 * a pino-http child per request, which this product does not need (every line already carries
 * the request's ids through the trace context mixin, and the access line is written once by the
 * HTTP observer), and its current major declares Node >= 22 while the product supports Node 20.
 * What it did for Nest's calls is kept: the context is the last parameter, an object message
 * is merged into the line, an Error becomes `err`, and `error(message, stack)` keeps the stack.
 */
export class ProcessLogger implements LoggerService {
  readonly pino: Pino;

  constructor(options: LoggerOptions, private readonly quietContexts: ReadonlySet<string> = new Set(), destination?: DestinationStream) {
    this.pino = destination ? pino(options, destination) : pino(options);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write(this.quietContexts.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = params.length > 0 ? { context: params.at(-1) } : {};
    const rest = params.slice(0, -1) as [string?];
    if (message instanceof Error) return this.pino[level]({ ...context, err: message }, ...rest);
    if (typeof message === 'object' && message !== null) return this.pino[level]({ ...context, ...message }, ...rest);
    if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = Object.assign(new Error(String(message)), { stack: rest[0] });
      return this.pino.error({ ...context, err });
    }
    this.pino[level](context, String(message), ...rest);
  }
}
