import { ConsoleLogger, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError, ConfigError, DatabaseModule, loadConfig, PlatformModule, RequestContext } from '#common';
import { signStaffToken, tokenClaimsOf } from './auth/token-verifier.js';
import { GatewayConfig } from './gateway.config.js';
import { GATEWAY_DATABASE } from './gateway.database.js';
import { ApiKeyStore } from './identity/application/api-key-store.port.js';
import { CreateApiKey } from './identity/application/create-api-key.use-case.js';
import { CreateTenant } from './identity/application/create-tenant.use-case.js';
import { TenantStore } from './identity/application/tenant-store.port.js';
import { ApiKeyRepository } from './identity/infrastructure/api-key.repository.js';
import { TenantRepository } from './identity/infrastructure/tenant.repository.js';

/**
 * `npm run demo`: makes sure tenant `demo` exists, issues it a new API key and a staff token per
 * role, all through the gateway's own use cases against DATABASE_URL (applying the identity
 * migrations if needed). Tokens are signed with JWT_SECRET (the development secret by default),
 * so the running product accepts them. API keys are shown once, so each run issues one.
 * stdout carries only `export NAME='value'` lines, for `eval "$(npm run -s demo)"`; everything
 * meant for a person goes to stderr.
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
    providers: [{ provide: TenantStore, useClass: TenantRepository }, { provide: ApiKeyStore, useClass: ApiKeyRepository }, CreateTenant, CreateApiKey],
  })
  class DemoModule {}

  const app = await NestFactory.createApplicationContext(DemoModule, { logger: new StderrLogger({ logLevels: ['error', 'warn'] }) });
  try {
    await migrated(app.get<DataSource>(getDataSourceToken('identity')));
    const ops: RequestContext = { requestId: 'demo', tenant: null, actor: { kind: 'staff', id: 'demo-script', roles: ['ops'] } };
    const tenants = app.get(TenantStore);
    const tenant =
      (await tenants.findBySlug(SLUG)) ??
      (await app.get(CreateTenant).execute(ops, { slug: SLUG, name: 'Demo Shopping Center', timezone: 'Europe/Istanbul' }).catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'TENANT_EXISTS') return (await tenants.findBySlug(SLUG))!;
        throw error;
      }));
    const key = await app.get(CreateApiKey).execute(ops, SLUG, { name: `demo ${new Date().toISOString()}` });
    const claims = { ...tokenClaimsOf(config), expiresInS: TOKEN_HOURS * 3600 };
    const token = (roles: Array<'viewer' | 'editor' | 'admin' | 'ops'>, tenantSlug: string | null) =>
      signStaffToken(config.JWT_SECRET, { sub: `demo-${roles[0]}`, roles, tenant: tenantSlug }, claims);
    const exports = {
      TENANT_API_KEY: key.key,
      STAFF_VIEWER_TOKEN: await token(['viewer'], SLUG),
      STAFF_EDITOR_TOKEN: await token(['editor'], SLUG),
      STAFF_ADMIN_TOKEN: await token(['admin'], SLUG),
      OPS_TOKEN: await token(['ops'], null),
    };
    process.stdout.write(Object.entries(exports).map(([name, value]) => `export ${name}=${shellQuoted(value)}\n`).join(''));
    process.stderr.write(
      [
        `Tenant ${tenant.slug} (${tenant.name}, ${tenant.timezone}): a new API key and staff tokens for viewer, editor, admin (tenant ${tenant.slug}) and ops.`,
        `Tokens expire in ${TOKEN_HOURS} h${config.usesDevelopmentSecret ? ' and are signed with the development secret' : ''}.`,
        `Load them into your shell with: eval "$(npm run -s demo)"; then, for example:`,
        `  curl -H "X-Api-Key: $TENANT_API_KEY" http://localhost:${config.PORT}/v1/campaign-events/live`,
        `  curl -H "Authorization: Bearer $STAFF_ADMIN_TOKEN" http://localhost:${config.PORT}/v1/audit`,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

/** Single-quoted for a POSIX shell, whatever the value holds. */
function shellQuoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Nest's warnings and errors (PostgreSQL not answering, ...) on stderr: stdout is for the shell. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', ...rest: [unknown?, Record<string, unknown>?]): void {
    super.printMessages(messages, context, logLevel, 'stderr', ...rest);
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
