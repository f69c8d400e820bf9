import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, createdLinks, examplesOf, fieldProblem, listQuery, problem, RESPONSE_HEADERS, type RequestContext, requireUuid } from '#common';
import { JOB_STATUSES, JobsMessages, MessagingClient, type JobData } from '#messaging';
import { Access, Ctx } from '../../access/access.decorators.js';
import { SLUG, tenantFilter } from '../../identity/domain/tenant.js';
import { JobChanges } from '../infrastructure/job-changes.js';
import {
  byDefinition,
  CREATE_SCHEDULE_MODELS,
  CreateScheduleBody,
  JOB_MODELS,
  JobDefinitionsResponse,
  JobPageResponse,
  JobSchedulePageResponse,
  REGISTER_JOB_MODELS,
  RegisterJobBody,
  SCHEDULE_MODELS,
  TENANT_JOB_MODELS,
  TenantJobPageResponse,
} from './jobs.dto.js';
import { idempotencyKey, isFinal, jobName, jobStatus, runAtInstant, waitSeconds } from './jobs-query.js';

const WAIT = ApiQuery({ name: 'wait', required: false, schema: { type: 'integer', minimum: 0, maximum: 30, default: 0 }, description: 'Seconds to wait for a final status (0–30).' });
const LIMIT = ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
const CURSOR = ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } });
const STATUS = ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...JOB_STATUSES] } });
const NAME = ApiQuery({ name: 'name', required: false, description: 'Only the jobs of this definition (GET /v1/jobs/definitions).', schema: { type: 'string', pattern: '^[a-z][a-z0-9.-]{0,99}$', example: 'arithmetic' } });
const ID = ApiParam({ name: 'id', format: 'uuid', description: 'Job id (any RFC 9562 UUID; malformed: 400)' });
const SCHEDULE_ID = ApiParam({ name: 'id', format: 'uuid', description: 'Job schedule id (any RFC 9562 UUID; malformed: 400)' });
const JOB = byDefinition(JOB_MODELS);
const JOB_LINKS = createdLinks({ getJob: 'The job, with `wait` for its final status', cancelJob: 'Cancel it', retryJob: 'Retry it once failed' });
const JOB_ID = '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70';
const CONFLICTS = {
  IDEMPOTENCY_KEY_REUSED: { summary: 'The Idempotency-Key was used with another body', value: problem(409, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key k-1 was used for another request body (job ${JOB_ID}).`, { jobId: JOB_ID }, '/v1/jobs') },
  JOB_ALREADY_FINAL: { summary: 'The job is already final', value: problem(409, 'JOB_ALREADY_FINAL', `Job ${JOB_ID} is already succeeded.`, {}, `/v1/jobs/${JOB_ID}/cancel`) },
  JOB_NOT_FAILED: { summary: 'Only a failed job can be retried', value: problem(409, 'JOB_NOT_FAILED', `Only a failed job can be retried; job ${JOB_ID} is running.`, {}, `/v1/jobs/${JOB_ID}/retry`) },
  SCHEDULE_LIMIT_REACHED: { summary: 'The tenant has as many schedules as it may', value: problem(409, 'SCHEDULE_LIMIT_REACHED', 'A tenant may have at most 100 job schedules; delete one first.', { limit: 100 }, '/v1/job-schedules') },
};
const BAD_PARAMS = examplesOf(fieldProblem('A parameter the definition refuses', 'params.ms', 'must be at most 600000'));

/** A `?wait` reader reads the job again at least this often, in case a change was not heard. */
const RECHECK_MS = 1000;

/**
 * `/v1/jobs`, `/v1/job-schedules`, `/v1/admin/jobs`: thin doors to the jobs service. `wait` is
 * served here, woken by the job's changes and reading the job again until it is final or the
 * wait is over, so no request to the service outlives the transport's deadline.
 */
@ApiTags('jobs')
@ApiSecurity('staff')
@ApiExtraModels(...JOB_MODELS, ...TENANT_JOB_MODELS, ...REGISTER_JOB_MODELS, ...SCHEDULE_MODELS, ...CREATE_SCHEDULE_MODELS)
@Controller()
export class JobsController {
  constructor(
    private readonly client: MessagingClient,
    private readonly changes: JobChanges,
  ) {}

  @Get('v1/jobs/definitions')
  @Access('staff')
  @ApiOperation({ operationId: 'listJobDefinitions', summary: 'Job definitions', description: 'Every job staff may start, with its parameter schema (JSON Schema), timeout and attempts.' })
  @ApiResponse({ status: 200, type: JobDefinitionsResponse })
  @ApiProblems(401, 403, 429, 503)
  definitions(@Ctx() ctx: RequestContext) {
    return this.client.send(JobsMessages.listDefinitions, {}, ctx);
  }

  @Post('v1/jobs')
  @Access('editor')
  @ApiOperation({
    operationId: 'registerJob',
    summary: 'Register a job',
    description: '202 with the job as registered (Location); 200 when it reached a final status within `wait`. An Idempotency-Key repeated with the same body answers 200 with the first job and `Idempotent-Replayed: true`; with another body 409 IDEMPOTENCY_KEY_REUSED.',
  })
  @ApiBody({ schema: byDefinition(REGISTER_JOB_MODELS) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–200 characters without control characters, per tenant.', schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' } })
  @WAIT
  @ApiResponse({ status: 202, schema: JOB, description: 'Registered (not final yet)', headers: { ...RESPONSE_HEADERS.location, ...RESPONSE_HEADERS.noStore }, links: JOB_LINKS })
  @ApiResponse({
    status: 200,
    schema: JOB,
    description: 'Final within `wait`, or an idempotent replay (Idempotent-Replayed: true)',
    headers: { ...RESPONSE_HEADERS.location, ...RESPONSE_HEADERS.noStore, ...RESPONSE_HEADERS.idempotentReplayed },
    links: JOB_LINKS,
  })
  @ApiProblems(400, { 400: BAD_PARAMS }, 401, 403, { 409: examplesOf(CONFLICTS.IDEMPOTENCY_KEY_REUSED) }, 413, 415, 429, 503)
  async register(
    @Ctx() ctx: RequestContext,
    @Body() body: RegisterJobBody,
    @Query('wait') wait: unknown,
    @Headers('idempotency-key') key: string | string[] | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobData> {
    const seconds = waitSeconds(wait);
    const request = { name: body.name, params: body.params, runAt: runAtInstant(body.runAt), idempotencyKey: idempotencyKey(key) };
    const { job, replayed } = await this.client.send(JobsMessages.registerJob, request, ctx);
    void reply.header('location', `/v1/jobs/${job.id}`).header('cache-control', 'no-store');
    if (replayed) {
      void reply.status(200).header('idempotent-replayed', 'true');
      return job;
    }
    const latest = seconds > 0 ? await this.waitForFinal(ctx, job.id, seconds) : job;
    void reply.status(isFinal(latest) ? 200 : 202);
    return latest;
  }

  @Get('v1/jobs')
  @Access('staff')
  @ApiOperation({ operationId: 'listJobs', summary: "The tenant's jobs, newest first" })
  @STATUS
  @NAME
  @LIMIT
  @CURSOR
  @ApiResponse({ status: 200, type: JobPageResponse })
  @ApiProblems(400, 401, 403, 429, 503)
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.client.send(JobsMessages.listJobs, { ...listQuery(query), status: jobStatus(query), name: jobName(query) }, ctx);
  }

  @Get('v1/jobs/:id')
  @Access('staff')
  @ApiOperation({ operationId: 'getJob', summary: 'A job, its last known status', description: 'With `wait`, answers as soon as the job is final, or after `wait` seconds.' })
  @ID
  @WAIT
  @ApiResponse({ status: 200, schema: JOB, headers: RESPONSE_HEADERS.noStore })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async get(@Ctx() ctx: RequestContext, @Param('id') id: string, @Query('wait') wait: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<JobData> {
    const job = await this.waitForFinal(ctx, requireUuid(id), waitSeconds(wait));
    void reply.header('cache-control', 'no-store');
    return job;
  }

  @Post('v1/jobs/:id/cancel')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ operationId: 'cancelJob', summary: 'Cancel a job', description: 'Queued: removed from the queue; running: told to stop (a sleep stops within 1 s). 409 JOB_ALREADY_FINAL if final.' })
  @ID
  @ApiResponse({ status: 202, schema: JOB })
  @ApiProblems(400, 401, 403, 404, { 409: examplesOf(CONFLICTS.JOB_ALREADY_FINAL) }, 429, 503)
  cancel(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.client.send(JobsMessages.cancelJob, { id: requireUuid(id) }, ctx);
  }

  @Post('v1/jobs/:id/retry')
  @Access('admin')
  @HttpCode(202)
  @ApiOperation({ operationId: 'retryJob', summary: 'Retry a failed job', description: 'A new attempt from `queued`; 409 JOB_NOT_FAILED unless the job is failed.' })
  @ID
  @ApiResponse({ status: 202, schema: JOB })
  @ApiProblems(400, 401, 403, 404, { 409: examplesOf(CONFLICTS.JOB_NOT_FAILED) }, 429, 503)
  retry(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.client.send(JobsMessages.retryJob, { id: requireUuid(id) }, ctx);
  }

  @Post('v1/job-schedules')
  @Access('editor')
  @ApiOperation({
    operationId: 'createJobSchedule',
    summary: 'Schedule a job',
    description:
      'Each run of the cron (read in `timezone`) registers its own job (its `scheduleId` names the schedule); runs are at least a minute apart. A tenant has at most JOBS_MAX_SCHEDULES_PER_TENANT (default 100) schedules: one more is a 409 SCHEDULE_LIMIT_REACHED.',
  })
  @ApiBody({ schema: byDefinition(CREATE_SCHEDULE_MODELS) })
  @ApiResponse({
    status: 201,
    schema: byDefinition(SCHEDULE_MODELS),
    headers: { Location: { schema: { type: 'string' } } },
    links: createdLinks({ getJobSchedule: 'The schedule', deleteJobSchedule: 'Delete it' }),
  })
  @ApiProblems(400, { 400: BAD_PARAMS }, 401, 403, { 409: examplesOf(CONFLICTS.SCHEDULE_LIMIT_REACHED) }, 413, 415, 429, 503)
  async createSchedule(@Ctx() ctx: RequestContext, @Body() body: CreateScheduleBody, @Res({ passthrough: true }) reply: FastifyReply) {
    const schedule = await this.client.send(JobsMessages.createSchedule, { name: body.name, params: body.params, cron: body.cron, timezone: body.timezone ?? ctx.tenantTimezone ?? undefined }, ctx);
    void reply.status(201).header('location', `/v1/job-schedules/${schedule.id}`);
    return schedule;
  }

  @Get('v1/job-schedules')
  @Access('staff')
  @ApiOperation({ operationId: 'listJobSchedules', summary: "The tenant's job schedules, newest first" })
  @LIMIT
  @CURSOR
  @ApiResponse({ status: 200, type: JobSchedulePageResponse })
  @ApiProblems(400, 401, 403, 429, 503)
  listSchedules(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.client.send(JobsMessages.listSchedules, listQuery(query), ctx);
  }

  @Get('v1/job-schedules/:id')
  @Access('staff')
  @ApiOperation({ operationId: 'getJobSchedule', summary: 'A job schedule', description: "404 for an unknown id or another tenant's schedule." })
  @SCHEDULE_ID
  @ApiResponse({ status: 200, schema: byDefinition(SCHEDULE_MODELS) })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  getSchedule(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.client.send(JobsMessages.getSchedule, { id: requireUuid(id) }, ctx);
  }

  @Delete('v1/job-schedules/:id')
  @Access('editor')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteJobSchedule', summary: 'Delete a job schedule', description: 'No further runs; jobs it registered stay.' })
  @SCHEDULE_ID
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async deleteSchedule(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    await this.client.send(JobsMessages.deleteSchedule, { id: requireUuid(id) }, ctx);
  }

  @Get('v1/admin/jobs')
  @Access('ops')
  @ApiOperation({ operationId: 'listAllJobs', summary: "Every tenant's jobs, newest first (operators)", description: '`tenant` narrows it to one tenant.' })
  @STATUS
  @NAME
  @ApiQuery({ name: 'tenant', required: false, description: 'A tenant slug.', schema: { type: 'string', pattern: SLUG.source } })
  @LIMIT
  @CURSOR
  @ApiResponse({ status: 200, type: TenantJobPageResponse })
  @ApiProblems(400, 401, 403, 429, 503)
  listAll(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    const tenant = tenantFilter(query);
    return this.client.send(JobsMessages.listAllJobs, { ...listQuery(query), status: jobStatus(query), name: jobName(query), ...(tenant ? { tenant } : {}) }, ctx);
  }

  /**
   * Until the job is final or `seconds` passed: woken by the job's changes (JobChanges), and
   * reading it again at least every second in case a change was not heard.
   */
  private async waitForFinal(ctx: RequestContext, id: string, seconds: number): Promise<JobData> {
    const watch = seconds > 0 ? this.changes.watch(id) : undefined;
    try {
      const until = Date.now() + seconds * 1000;
      let job = await this.client.send(JobsMessages.getJob, { id }, ctx);
      while (watch && !isFinal(job) && Date.now() < until) {
        await watch.next(Math.min(RECHECK_MS, until - Date.now()));
        job = await this.client.send(JobsMessages.getJob, { id }, ctx);
      }
      return job;
    } finally {
      watch?.close();
    }
  }
}
