import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Tenant } from '#common';
import { listSql } from '../../apps/campaigns/src/campaigns/infrastructure/list-query.js';
import { Product } from '../harness/product.js';

/**
 * The indexes of schema `marketing` serve the real queries: the exact SQL the repositories run
 * (built by `listSql`) is EXPLAINed over a realistic volume: 50 tenants × 2,000 campaigns, nearly
 * all ended (years of history), a few live and upcoming, and 4 events per campaign. The planner
 * is left free (no `enable_seqscan = off`): each query must choose its index on its own.
 */
describe('marketing indexes (EXPLAIN)', () => {
  let product: Product;
  let client: pg.Client;
  const tenant = 'tenant-7' as Tenant;
  const now = new Date();
  let campaignId: string;

  beforeAll(async () => {
    product = await Product.start();
    client = new pg.Client({ connectionString: product.env.databaseUrl });
    await client.connect();
    await client.query(`
      INSERT INTO marketing.campaigns (id, tenant, name, description, start_date, end_date, version, created_at, updated_at)
      SELECT gen_random_uuid(), 'tenant-' || (n % 50),
             (ARRAY['Spring sale', 'Black Friday', 'Opening week', 'Kids festival', 'Night market'])[1 + n % 5] || ' #' || n,
             NULL, s, s + ((1 + n % 10) || ' days')::interval, 1, now(), now()
      FROM (SELECT n, now() - ((n % 1800) || ' days')::interval + ((n % 97) || ' minutes')::interval
                          + CASE WHEN n % 500 = 0 THEN interval '4000 days' ELSE interval '0' END AS s
            FROM generate_series(1, 100000) AS n) AS g`);
    await client.query(`
      INSERT INTO marketing.events (id, tenant, campaign_id, name, description, start_date, end_date, version, created_at, updated_at)
      SELECT gen_random_uuid(), c.tenant, c.id, 'Event ' || k || ' of ' || c.name, NULL,
             c.start_date + (k || ' hours')::interval, c.start_date + ((k + 1) || ' hours')::interval, 1, now(), now()
      FROM marketing.campaigns c CROSS JOIN generate_series(0, 3) AS k`);
    await client.query('ANALYZE marketing.campaigns');
    await client.query('ANALYZE marketing.events');
    campaignId = (await client.query(`SELECT id FROM marketing.campaigns WHERE tenant = $1 LIMIT 1`, [tenant])).rows[0].id;
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await product?.stop();
  });

  async function explain(query: { sql: string; params: unknown[] }): Promise<string> {
    const { rows } = await client.query(`EXPLAIN ${query.sql}`, query.params);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    if (process.env.SHOW_PLANS) console.log(`${query.sql}\n${plan}`);
    return plan;
  }

  const filter = (extra: object) => ({ limit: 50, now, ...extra });

  it('live now per tenant: campaigns_by_end (end_date > now, start_date <= now inside the index)', async () => {
    const plan = await explain(listSql('campaigns', tenant, filter({ status: 'live' })));
    expect(plan).toMatch(/Index (Only )?Scan using campaigns_by_end|Bitmap Index Scan on campaigns_by_end/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('upcoming: campaigns_by_start (tenant, start_date > now)', async () => {
    const plan = await explain(listSql('campaigns', tenant, filter({ status: 'upcoming' })));
    // Few rows qualify, so the planner may fetch them by a bitmap scan of the index and sort them.
    expect(plan).toMatch(/Index Scan using campaigns_by_start|Bitmap Index Scan on campaigns_by_start/);
    expect(plan).toMatch(/Index Cond: \(\(tenant = 'tenant-7'::text\) AND \(start_date > /);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('a page of all campaigns after a cursor: campaigns_by_start with the keyset as an index condition', async () => {
    const plan = await explain(listSql('campaigns', tenant, filter({ after: { startDate: new Date(Date.now() - 86_400_000 * 900), id: campaignId } })));
    expect(plan).toMatch(/Index Scan using campaigns_by_start/);
    expect(plan).not.toMatch(/Seq Scan|Sort/);
  });

  it('events of a campaign: events_by_campaign, in order', async () => {
    const plan = await explain(listSql('events', tenant, filter({}), { campaignId }));
    expect(plan).toMatch(/Index Scan using events_by_campaign/);
    expect(plan).not.toMatch(/Seq Scan|Sort/);
  });

  it('live events per tenant: events_by_end', async () => {
    const plan = await explain(listSql('events', tenant, filter({ status: 'live' })));
    expect(plan).toMatch(/events_by_end/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('name search (q, any case) for a rare term: the trigram GIN index', async () => {
    const plan = await explain(listSql('campaigns', tenant, filter({ q: 'WEEK #12357' })));
    expect(plan).toMatch(/Bitmap Index Scan on campaigns_name_trgm/);
    expect(plan).not.toMatch(/Seq Scan/);
    const events = await explain(listSql('events', tenant, filter({ q: 'week #12357' })));
    expect(events).toMatch(/Bitmap Index Scan on events_name_trgm/);
    expect(events).not.toMatch(/Seq Scan/);
  });

  it('name search for a common term: list order, stopping after one page (no full scan)', async () => {
    // A fifth of the tenant's campaigns match: walking campaigns_by_start and stopping at 51
    // matches is cheaper than collecting every match through the trigram index and sorting.
    const plan = await explain(listSql('campaigns', tenant, filter({ q: 'kids fest' })));
    expect(plan).toMatch(/Index Scan using campaigns_by_start|campaigns_name_trgm/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
