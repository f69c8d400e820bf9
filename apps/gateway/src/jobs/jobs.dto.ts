import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsString, MaxLength, ValidateIf } from 'class-validator';

/**
 * An optional field that is not nullable: left out, it takes its default; present, it is
 * validated, so an explicit null is a 400 naming it (IsOptional would let null through).
 */
const Omittable = () => ValidateIf((_body: object, value: unknown) => value !== undefined);

export class RegisterJobBody {
  @ApiProperty({ enum: ['arithmetic', 'sleep', 'campaigns.report'], description: 'A definition name (GET /v1/jobs/definitions).', example: 'arithmetic' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "Checked against the definition's paramsSchema (400 names each wrong field as params.x).", example: { op: 'add', a: 5, b: 10 } })
  @Allow()
  params: unknown;

  @ApiPropertyOptional({ description: 'ISO 8601 date-time with an offset: the job starts then (delayed start). Not nullable: leave it out to start at once.', example: '2026-11-27T09:00:00+01:00' })
  @Omittable()
  @IsString()
  runAt?: string;
}

export class CreateScheduleBody {
  @ApiProperty({ enum: ['arithmetic', 'sleep', 'campaigns.report'], example: 'campaigns.report' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: {} })
  @Allow()
  params: unknown;

  @ApiProperty({
    description: 'Cron expression of 5 fields: minute hour day-of-month month day-of-week (no seconds field, no @nicknames); runs are at least a minute apart.',
    example: '0 9 * * 1',
  })
  @IsString()
  @MaxLength(200)
  cron: string;

  @ApiPropertyOptional({ description: "IANA time zone the cron is read in. Not nullable: leave it out for the tenant's.", example: 'Europe/Istanbul' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  timezone?: string;
}

class JobErrorResponse {
  @ApiProperty({ example: 'DIVISION_BY_ZERO' }) code: string;
  @ApiProperty({ example: '4 cannot be divided by zero.' }) message: string;
}

export class JobResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'arithmetic' }) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { op: 'add', a: 5, b: 10 } }) params: unknown;
  @ApiProperty({ enum: ['registered', 'queued', 'running', 'succeeded', 'failed', 'cancelled'], example: 'succeeded' }) status: string;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 100, example: 100 }) progress: number | null;
  @ApiProperty({ nullable: true, description: "The definition's result (a bare value for arithmetic).", example: 15 }) result: unknown;
  @ApiProperty({ type: JobErrorResponse, nullable: true }) error: JobErrorResponse | null;
  @ApiProperty({ type: 'integer', description: 'Attempts started so far.', example: 1 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) runAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The schedule that registered it.' }) scheduleId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class TenantJobResponse extends JobResponse {
  @ApiProperty({ example: 'demo' }) tenant: string;
}

export class JobPageResponse {
  @ApiProperty({ type: [JobResponse] }) items: JobResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class TenantJobPageResponse {
  @ApiProperty({ type: [TenantJobResponse] }) items: TenantJobResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class JobDefinitionResponse {
  @ApiProperty({ example: 'sleep' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of params.' }) paramsSchema: Record<string, unknown>;
  @ApiProperty({ type: 'integer', example: 660000 }) timeoutMs: number;
  @ApiProperty({ type: 'integer', example: 3 }) attempts: number;
}

export class JobDefinitionsResponse {
  @ApiProperty({ type: [JobDefinitionResponse] }) items: JobDefinitionResponse[];
}

export class JobScheduleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'campaigns.report' }) name: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: {} }) params: unknown;
  @ApiProperty({ example: '0 9 * * 1' }) cron: string;
  @ApiProperty({ example: 'Europe/Istanbul' }) timezone: string;
  @ApiProperty({ format: 'date-time' }) nextRunAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class JobSchedulePageResponse {
  @ApiProperty({ type: [JobScheduleResponse] }) items: JobScheduleResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
