import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError as ClassValidationError } from 'class-validator';

/** A configuration that cannot start the process. Its message is the one line an operator reads. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type ConfigClass<T> = new () => T;

/**
 * Reads the variables a config class declares (each declared field has a default, so its keys
 * are the variables it reads) from the environment, converts and validates them, and fails
 * with one line naming every bad variable. Unknown variables are ignored.
 */
export function loadConfig<T extends object>(
  cls: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof T, unknown>> = {},
): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = { ...defaults, ...overrides };
  for (const key of Object.keys(raw)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(cls, raw, { enableImplicitConversion: true });
  const problems = validateSync(config, { forbidUnknownValues: false }).map((e) => describe(e, raw));
  const extra = (config as { crossCheck?: () => string[] }).crossCheck?.() ?? [];
  problems.push(...extra);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

function describe(error: ClassValidationError, raw: Record<string, unknown>): string {
  const messages = [...new Set(Object.values(error.constraints ?? {}))].join(', ');
  return `${error.property} ${messages} (got ${JSON.stringify(raw[error.property])})`;
}
