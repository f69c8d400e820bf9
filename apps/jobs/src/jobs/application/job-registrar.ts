import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, newId } from '#common';
import { JobsEvents, Transaction } from '#messaging';
import type { Tenant } from '../domain/tenant.js';
import { jobData, JobRepository, JobRow } from '../infrastructure/job.repository.js';

export interface Registration {
  name: string;
  params: unknown;
  runAt: Date | null;
  scheduleId?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Stores a job and publishes `job.registered` in the caller's transaction (the scheduler
 * consumes the event and enqueues the job). With an idempotency key: the same key and body
 * find the first job (a replay); the same key with another body is a 409.
 */
@Injectable()
export class JobRegistrar {
  constructor(private readonly jobs: JobRepository) {}

  async register(tx: Transaction, tenant: Tenant, input: Registration): Promise<{ row: JobRow; replayed: boolean }> {
    const key = input.idempotencyKey ?? null;
    const hash = key === null ? null : requestHash(input);
    const row = await this.jobs.insert(tx.manager, {
      id: newId(),
      tenant,
      name: input.name,
      params: input.params,
      runAt: input.runAt,
      scheduleId: input.scheduleId ?? null,
      idempotencyKey: key,
      requestHash: hash,
      createdAt: new Date(),
    });
    if (row) {
      await tx.publish({ type: JobsEvents.registered, aggregateId: row.id, aggregateVersion: 0, payload: { tenant: row.tenant, ...jobData(row) } });
      return { row, replayed: false };
    }
    const first = await this.jobs.findByIdempotencyKey(tx.manager, tenant, key!);
    if (!first) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key is being used by a concurrent request.');
    if (first.request_hash !== hash) {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for another request body (job ${first.id}).`, { jobId: first.id });
    }
    return { row: first, replayed: true };
  }
}

/** The body a key stands for: name, params (keys sorted) and runAt. */
export function requestHash(input: Registration): string {
  return createHash('sha256').update(stableJson({ name: input.name, params: input.params, runAt: input.runAt?.toISOString() ?? null })).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
