import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuditStore } from './application/audit-store.port.js';
import { ListAuditAcrossTenants } from './application/list-audit-across-tenants.use-case.js';
import { ListTenantAudit } from './application/list-tenant-audit.use-case.js';
import { AuditTrail } from './http/audit-trail.js';
import { AuditController } from './http/audit.controller.js';
import { AuditEntryRow } from './infrastructure/audit.entity.js';
import { IdentityAuditCount1764100002000, IdentityAuditTrail1764100001000 } from './infrastructure/audit.migration.js';
import { AuditRepository } from './infrastructure/audit.repository.js';

export const auditEntities = [AuditEntryRow];
export const auditMigrations = [IdentityAuditTrail1764100001000, IdentityAuditCount1764100002000];

/** The audit trail (schema `identity`): every write through the API, its retention, the routes that read it. */
@Module({
  imports: [AuthModule],
  controllers: [AuditController],
  providers: [{ provide: AuditStore, useClass: AuditRepository }, AuditTrail, ListTenantAudit, ListAuditAcrossTenants],
})
export class AuditModule {}
