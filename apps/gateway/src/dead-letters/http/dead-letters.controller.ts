import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOperation, ApiParam, ApiProperty, ApiQuery, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblems, pageRequest, requireUuid, TIME_ID_CURSOR } from '#common';
import type { Page, RequestContext } from '#common';
import type { DeadLetter, DeadLetterRetry } from '#messaging';
import { Access, Ctx } from '../../access/access.decorators.js';
import { ManageDeadLetters } from '../application/manage-dead-letters.use-case.js';

const ID = ApiParam({ name: 'id', format: 'uuid', description: 'Dead letter id (malformed: 400)' });

class DeadLetterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The consuming service (its schema) that gave up on the message', example: 'jobs' }) consumer: string;
  @ApiProperty({ description: 'The outbox (schema) that published it', example: 'marketing' }) source: string;
  @ApiProperty({ example: 'campaign.updated' }) messageType: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ description: 'The event envelope as published', type: 'object', additionalProperties: true }) payload: object;
  @ApiProperty({ description: 'The last failure', example: { kind: 'internal', code: 'INTERNAL', message: 'An unexpected error occurred.', details: {} } }) error: object;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) firstFailedAt: string;
  @ApiProperty({ format: 'date-time' }) lastFailedAt: string;
}

class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterDto] }) items: DeadLetterDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class DeadLetterRetryDto {
  @ApiProperty({ description: 'true: handled and removed; false: it failed again and stays, with the new error' }) handled: boolean;
  // OpenAPI 3.0 ignores `nullable` beside a `$ref`: null is its own alternative (the 3.0.3 way to say "only null").
  @ApiProperty({
    description: 'The dead letter with its new error when it failed again; null when it was handled and removed',
    oneOf: [{ $ref: getSchemaPath(DeadLetterDto) }, { type: 'object', nullable: true, enum: [null] }],
  })
  deadLetter: DeadLetterDto | null;
}

/** Operators list, retry and discard the messages consumers gave up on, across services. */
@ApiTags('operations')
@ApiExtraModels(DeadLetterDto)
@ApiBearerAuth('staff')
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: ManageDeadLetters) {}

  @Get()
  @Access('ops')
  @ApiOperation({ operationId: 'listDeadLetters', summary: 'Dead letters of every consuming service, newest first' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiResponse({ status: 200, type: DeadLetterPage })
  @ApiProblems(400, 401, 403, 429, 503)
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>): Promise<Page<DeadLetter>> {
    const { limit, after } = pageRequest(query, TIME_ID_CURSOR);
    return this.deadLetters.list(ctx, limit, after);
  }

  @Post(':id/retry')
  @Access('ops')
  @HttpCode(202)
  @ApiOperation({ operationId: 'retryDeadLetter', summary: "Run the consumer's handlers on the message again" })
  @ID
  @ApiResponse({ status: 202, type: DeadLetterRetryDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async retry(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<Pick<DeadLetterRetry, 'handled' | 'deadLetter'>> {
    const { handled, deadLetter } = await this.deadLetters.retry(ctx, requireUuid(id));
    return { handled, deadLetter };
  }

  @Delete(':id')
  @Access('ops')
  @HttpCode(204)
  @ApiOperation({ operationId: 'discardDeadLetter', summary: 'Discard a dead letter' })
  @ID
  @ApiResponse({ status: 204, description: 'Discarded' })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  discard(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.deadLetters.discard(ctx, requireUuid(id));
  }
}

