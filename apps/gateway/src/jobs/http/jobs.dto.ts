import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath, type ApiPropertyOptions, type SchemaObject } from '@nestjs/swagger';
import { Allow, IsString, MaxLength, ValidateIf } from 'class-validator';
import { JOB_NAMES, JOB_SCHEMAS } from '#messaging';
import { openApiSchema } from './jobs.openapi.js';

/**
 * An optional field that is not nullable: left out, it takes its default; present, it is
 * validated, so an explicit null is a 400 naming it (IsOptional would let null through).
 */
const Omittable = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

const DEFINITION_NAME = 'A definition name (GET /v1/jobs/definitions); it decides what `params` must be.';
const RUN_AT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:\\d{2})$';

/** What a registration says besides its definition (`name` and `params`, documented per definition). */
class RegisterJobTiming {
  @ApiPropertyOptional({
    format: 'date-time',
    pattern: RUN_AT_PATTERN,
    description: 'ISO 8601 date-time with an offset (`Z` or `±hh:mm`; seconds optional): the job starts then (delayed start). Not nullable: leave it out to start at once.',
    example: '2026-11-27T09:00:00+01:00',
  })
  @Omittable()
  @IsString()
  runAt?: string;
}

export class RegisterJobBody extends RegisterJobTiming {
  @IsString()
  @MaxLength(100)
  name: string;

  @Allow()
  params: unknown;
}

/** What a schedule says besides its definition (`name` and `params`, documented per definition). */
class ScheduleTiming {
  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    description: 'Cron expression of 5 fields: minute hour day-of-month month day-of-week (no seconds field, no @nicknames); runs are at least a minute apart.',
    example: '0 9 * * 1',
  })
  @IsString()
  @MaxLength(200)
  cron: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: "IANA time zone the cron is read in. Not nullable: leave it out for the tenant's.", example: 'Europe/Istanbul' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  timezone?: string;
}

export class CreateScheduleBody extends ScheduleTiming {
  @IsString()
  @MaxLength(100)
  name: string;

  @Allow()
  params: unknown;
}

interface JobErrorResponse {
  code: string;
  message: string;
}

/** A job's fields that do not depend on its definition. */
class JobFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'], example: 'succeeded' }) status: string;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 100, example: 100 }) progress: number | null;
  // Inline rather than a $ref: OpenAPI 3.0 ignores `nullable` beside a `$ref`, and `error` is null until the job fails.
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['code', 'message'],
    properties: { code: { type: 'string', example: 'DIVISION_BY_ZERO' }, message: { type: 'string', example: '4 cannot be divided by zero.' } },
  })
  error: JobErrorResponse | null;
  @ApiProperty({ type: 'integer', description: 'Attempts started so far.', example: 1 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) runAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The schedule that registered it.' }) scheduleId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

class TenantJobFields extends JobFields {
  @ApiProperty({ example: 'demo' }) tenant: string;
}

class ScheduleFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '0 9 * * 1' }) cron: string;
  @ApiProperty({ example: 'Europe/Istanbul' }) timezone: string;
  @ApiProperty({ format: 'date-time' }) nextRunAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/**
 * One schema per job definition: `base` with that definition's `name`, `params` and, for jobs,
 * `result` (null until it succeeded), named `<Definition><suffix>` (e.g. `SleepJob`).
 */
function perDefinition(base: Type, suffix: string, withResult: boolean, asked = false): Type[] {
  return JOB_NAMES.map((name) => {
    const { params, result } = JOB_SCHEMAS[name];
    // In a request, `params` may be left out when the definition needs none (it defaults to {}).
    // The schema goes in an `allOf`: its own `required` (the parameters) would otherwise be read
    // as whether `params` itself is required.
    const optional = asked && !(params.required?.length);
    const paramsProperty = ApiProperty({
      allOf: [openApiSchema(params)],
      required: !optional,
      ...(optional ? { description: 'Optional: this definition takes no parameters ({} by default).' } : {}),
    } as ApiPropertyOptions);
    class Variant extends base {
      @ApiProperty({ enum: [name], description: DEFINITION_NAME, example: name }) name: string;
      @paramsProperty params: unknown;
    }
    if (withResult) {
      // `type: Object` stands in for the design type a declared field would have had.
      ApiProperty({ type: Object, ...nullable(openApiSchema(result)), description: `${result.description ?? 'The result'} Null until the job succeeded.` } as ApiPropertyOptions)(Variant.prototype, 'result');
    }
    const typeName = name.split('.').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
    Object.defineProperty(Variant, 'name', { value: `${typeName}${suffix}` });
    return Variant;
  });
}

export const JOB_MODELS = perDefinition(JobFields, 'Job', true);
export const TENANT_JOB_MODELS = perDefinition(TenantJobFields, 'TenantJob', true);
export const REGISTER_JOB_MODELS = perDefinition(RegisterJobTiming, 'JobRegistration', false, true);
export const SCHEDULE_MODELS = perDefinition(ScheduleFields, 'JobSchedule', false);
export const CREATE_SCHEDULE_MODELS = perDefinition(ScheduleTiming, 'JobScheduleCreation', false, true);

/** OpenAPI 3.0 puts `nullable` beside a `type`: in a `oneOf`, on one alternative (they must not overlap). */
function nullable(schema: SchemaObject): SchemaObject {
  const [first, ...rest] = schema.oneOf ?? [];
  return first ? { ...schema, oneOf: [{ ...first, nullable: true }, ...rest] } : { ...schema, nullable: true };
}

/** One of `models`, told apart by `name`. */
export function byDefinition(models: Type[]): SchemaObject {
  return {
    oneOf: models.map((model) => ({ $ref: getSchemaPath(model) })),
    discriminator: { propertyName: 'name', mapping: Object.fromEntries(JOB_NAMES.map((name, i) => [name, getSchemaPath(models[i]!)])) },
  };
}

export class JobPageResponse {
  @ApiProperty({ type: 'array', items: byDefinition(JOB_MODELS) }) items: unknown[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class TenantJobPageResponse {
  @ApiProperty({ type: 'array', items: byDefinition(TENANT_JOB_MODELS) }) items: unknown[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class JobDefinitionResponse {
  @ApiProperty({ example: 'sleep' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of params (a small subset: see the `params` of each job schema here).' }) paramsSchema: Record<string, unknown>;
  @ApiProperty({ type: 'integer', example: 660000 }) timeoutMs: number;
  @ApiProperty({ type: 'integer', example: 3 }) attempts: number;
}

export class JobDefinitionsResponse {
  @ApiProperty({ type: [JobDefinitionResponse] }) items: JobDefinitionResponse[];
}

export class JobSchedulePageResponse {
  @ApiProperty({ type: 'array', items: byDefinition(SCHEDULE_MODELS) }) items: unknown[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
