import { expect } from '@jest/globals';
import pg from 'pg';
import type { Product } from './product.js';
import type { TestResponse } from './http.js';

/** Helpers of the campaigns and events e2e specs (plain HTTP, plus a look at the outbox). */
export function expectProblem(res: TestResponse, status: number, code: string, field?: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, code } });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.any(String), requestId: expect.any(String) });
  if (field !== undefined) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

export const CAMPAIGN_KEYS = ['id', 'name', 'description', 'startDate', 'endDate', 'status', 'version', 'createdAt', 'updatedAt'];
export const EVENT_KEYS = ['id', 'campaignEventId', 'name', 'description', 'startDate', 'endDate', 'status', 'version', 'createdAt', 'updatedAt'];

export const inDays = (days: number, from = Date.now()) => new Date(from + days * 86_400_000).toISOString();

export async function outbox(product: Product, aggregateIds: string[]): Promise<{ type: string; aggregate_id: string; aggregate_version: number; tenant: string; payload: any }[]> {
  const client = new pg.Client({ connectionString: product.env.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT type, aggregate_id, aggregate_version, tenant, payload FROM marketing.outbox WHERE aggregate_id = ANY($1::uuid[]) ORDER BY seq`,
      [aggregateIds],
    );
    return rows;
  } finally {
    await client.end();
  }
}

export async function sql<T = any>(product: Product, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: product.env.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
