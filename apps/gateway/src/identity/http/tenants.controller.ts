import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, createdLinks, problem } from '#common';
import type { Page, RequestContext } from '#common';
import { Access, Ctx } from '../../access/access.decorators.js';
import { CreateTenant } from '../application/create-tenant.use-case.js';
import { ListTenants } from '../application/list-tenants.use-case.js';
import type { TenantProfile } from '../domain/tenant.js';
import { CreateTenantBody, TenantPage, TenantView } from './identity.dto.js';

@ApiTags('admin: tenants')
@ApiBearerAuth('staff')
@Controller('v1/admin/tenants')
export class TenantsController {
  constructor(
    private readonly createTenant: CreateTenant,
    private readonly listTenants: ListTenants,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('ops')
  @ApiOperation({ operationId: 'createTenant', summary: 'Create a tenant (a shopping center)', description: 'Operators only.' })
  @ApiResponse({
    status: 201,
    type: TenantView,
    links: createdLinks({ createApiKey: 'Issue an API key for one of its apps', listApiKeys: 'Its API keys' }, 'slug'),
  })
  @ApiProblems(400, 401, 403, { 409: { TENANT_EXISTS: { summary: 'The slug is taken', value: problem(409, 'TENANT_EXISTS', 'A tenant with slug istanbul-mall already exists.', { slug: 'istanbul-mall' }, '/v1/admin/tenants') } } }, 413, 415, 429)
  create(@Ctx() ctx: RequestContext, @Body() body: CreateTenantBody): Promise<TenantProfile> {
    return this.createTenant.execute(ctx, body);
  }

  @Get()
  @Access('ops')
  @ApiOperation({ operationId: 'listTenants', summary: 'List tenants, by slug', description: 'Operators only.' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiResponse({ status: 200, type: TenantPage })
  @ApiProblems(400, 401, 403, 429)
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>): Promise<Page<TenantProfile>> {
    return this.listTenants.execute(ctx, query);
  }
}
