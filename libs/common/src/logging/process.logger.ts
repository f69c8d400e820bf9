import { Logger, type Params, type PinoLogger } from 'nestjs-pino';

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

/**
 * The logger Nest writes through: pino's JSON lines, with the info lines of the given contexts
 * moved to debug (still there with LOG_LEVEL=debug, out of the way at the default info).
 */
export class ProcessLogger extends Logger {
  constructor(
    pino: PinoLogger,
    params: Params,
    private readonly quietContexts: ReadonlySet<string>,
  ) {
    super(pino, params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes the context as the last parameter.
    if (this.quietContexts.has(optionalParams.at(-1) as string)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
