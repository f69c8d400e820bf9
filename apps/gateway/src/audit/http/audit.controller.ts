import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '#common';
import type { Page, RequestContext } from '#common';
import { Access, Ctx } from '../../access/access.decorators.js';
import { SLUG } from '../../identity/domain/tenant.js';
import { ListAuditAcrossTenants } from '../application/list-audit-across-tenants.use-case.js';
import { ListTenantAudit } from '../application/list-tenant-audit.use-case.js';
import type { AuditEntry } from '../domain/audit-entry.js';
import { AuditPage } from './audit.dto.js';

const LIMIT = { name: 'limit', required: false, schema: { type: 'integer' as const, minimum: 1, maximum: 200, default: 50 } };
const CURSOR = { name: 'cursor', required: false, schema: { type: 'string' as const } };

@ApiTags('audit')
@ApiBearerAuth('staff')
@Controller()
export class AuditController {
  constructor(
    private readonly listTenantAudit: ListTenantAudit,
    private readonly listAuditAcrossTenants: ListAuditAcrossTenants,
  ) {}

  @Get('v1/audit')
  @Access('admin')
  @ApiOperation({ operationId: 'listAudit', summary: "The tenant's audit trail, newest first", description: 'Every write through the API, refused ones included. Tenant admins.' })
  @ApiQuery(LIMIT)
  @ApiQuery(CURSOR)
  @ApiResponse({ status: 200, type: AuditPage })
  @ApiProblems(400, 401, 403, 429)
  tenant(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>): Promise<Page<AuditEntry>> {
    return this.listTenantAudit.execute(ctx, query);
  }

  @Get('v1/admin/audit')
  @Access('ops')
  @ApiOperation({ operationId: 'listAllAudit', summary: 'The audit trail across tenants, newest first', description: 'Operators. `tenant` narrows it to one tenant.' })
  @ApiQuery({ name: 'tenant', required: false, description: 'A tenant slug.', schema: { type: 'string', pattern: SLUG.source } })
  @ApiQuery(LIMIT)
  @ApiQuery(CURSOR)
  @ApiResponse({ status: 200, type: AuditPage })
  @ApiProblems(400, 401, 403, 429)
  all(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>): Promise<Page<AuditEntry>> {
    return this.listAuditAcrossTenants.execute(ctx, query);
  }
}
