import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError, ConfigError, DatabaseModule, loadConfig, PlatformModule, RequestContext } from '#common';
import { signStaffToken } from './auth/token-verifier.js';
import { GatewayConfig } from './gateway.config.js';
import { GATEWAY_DATABASE } from './gateway.database.js';
import { ApiKeyRepository } from './identity/api-key.repository.js';
import { CreateApiKey } from './identity/create-api-key.use-case.js';
import { CreateTenant } from './identity/create-tenant.use-case.js';
import { TenantRepository } from './identity/tenant.repository.js';

/**
 * `npm run demo`: makes sure tenant `demo` exists, issues it a new API key and prints a staff
 * token per role, all through the gateway's own use cases against DATABASE_URL (applying the
 * identity migrations if needed). Tokens are signed with JWT_SECRET (the development secret by
 * default), so the running product accepts them. API keys are shown once, so each run issues one.
 */
const SLUG = 'demo';
const TOKEN_HOURS = 24;

const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SERVICE_NAME: 'demo' };

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig, env);

  @Module({
    imports: [
      PlatformModule.forRoot({ config, requiredDependencies: [] }),
      DatabaseModule.forApp({ ...GATEWAY_DATABASE, poolSize: 2 }),
    ],
    providers: [{ provide: GatewayConfig, useValue: config }, TenantRepository, ApiKeyRepository, CreateTenant, CreateApiKey],
  })
  class DemoModule {}

  const app = await NestFactory.createApplicationContext(DemoModule, { logger: ['error', 'warn'] });
  try {
    await migrated(app.get<DataSource>(getDataSourceToken('identity')));
    const ops: RequestContext = { requestId: 'demo', tenant: null, actor: { kind: 'staff', id: 'demo-script', roles: ['ops'] } };
    const tenants = app.get(TenantRepository);
    const tenant =
      (await tenants.findBySlug(SLUG)) ??
      (await app.get(CreateTenant).execute(ops, { slug: SLUG, name: 'Demo Shopping Center', timezone: 'Europe/Istanbul' }).catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'TENANT_EXISTS') return (await tenants.findBySlug(SLUG))!;
        throw error;
      }));
    const key = await app.get(CreateApiKey).execute(ops, SLUG, { name: `demo ${new Date().toISOString()}` });
    const claims = { issuer: config.JWT_ISSUER || undefined, audience: config.JWT_AUDIENCE || undefined, expiresInS: TOKEN_HOURS * 3600 };
    const token = (roles: Array<'viewer' | 'editor' | 'admin' | 'ops'>, tenantSlug: string | null) =>
      signStaffToken(config.JWT_SECRET, { sub: `demo-${roles[0]}`, roles, tenant: tenantSlug }, claims);
    const lines = [
      `tenant   ${tenant.slug} (${tenant.name}, ${tenant.timezone})`,
      `api key  ${key.key}`,
      `viewer   ${await token(['viewer'], SLUG)}`,
      `editor   ${await token(['editor'], SLUG)}`,
      `admin    ${await token(['admin'], SLUG)}`,
      `ops      ${await token(['ops'], null)}`,
      '',
      `Tokens expire in ${TOKEN_HOURS} h${config.usesDevelopmentSecret ? ' and are signed with the development secret' : ''}. Try:`,
      `  curl -H 'X-Api-Key: ${key.key}' http://localhost:${config.PORT}/v1/campaign-events`,
      `  curl -H 'Authorization: Bearer <admin token>' http://localhost:${config.PORT}/v1/audit`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await app.close();
  }
}

/** Waits until the identity schema is migrated (the DataSource connects and migrates in the background). */
async function migrated(dataSource: DataSource): Promise<void> {
  const until = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < until) {
    try {
      if (dataSource.isInitialized && !(await dataSource.showMigrations())) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`PostgreSQL did not answer or the identity schema is not migrated (${(last as Error)?.message ?? 'timeout'}). Start it with: docker compose -f docker/compose.yml up -d`);
}

await main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
