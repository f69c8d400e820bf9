import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, createdLinks } from '#common';
import type { Page, RequestContext } from '#common';
import { Access, Ctx } from '../../access/access.decorators.js';
import { CreateApiKey } from '../application/create-api-key.use-case.js';
import { ListApiKeys } from '../application/list-api-keys.use-case.js';
import { RevokeApiKey } from '../application/revoke-api-key.use-case.js';
import type { ApiKeyView, IssuedApiKey } from '../domain/api-key.js';
import { SLUG } from '../domain/tenant.js';
import { ApiKeyPage, CreateApiKeyBody, IssuedApiKeyView } from './identity.dto.js';

@ApiTags('admin: API keys')
@ApiBearerAuth('staff')
@ApiParam({ name: 'slug', description: "The tenant's slug (a tenant admin may only name their own; any other answers 404)", schema: { type: 'string', pattern: SLUG.source } })
@Controller('v1/admin/tenants/:slug/api-keys')
export class ApiKeysController {
  constructor(
    private readonly createApiKey: CreateApiKey,
    private readonly listApiKeys: ListApiKeys,
    private readonly revokeApiKey: RevokeApiKey,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('ops-or-admin')
  @ApiOperation({ operationId: 'createApiKey', summary: "Issue an API key for one of the tenant's apps", description: 'The key is shown only in this answer; only its SHA-256 is stored.' })
  @ApiResponse({ status: 201, type: IssuedApiKeyView, links: createdLinks({ revokeApiKey: 'Revoke it' }) })
  @ApiProblems(400, 401, 403, 404, 413, 415, 429)
  create(@Ctx() ctx: RequestContext, @Param('slug') slug: string, @Body() body: CreateApiKeyBody): Promise<IssuedApiKey> {
    return this.createApiKey.execute(ctx, slug, body);
  }

  @Get()
  @Access('ops-or-admin')
  @ApiOperation({ operationId: 'listApiKeys', summary: "List the tenant's API keys, newest first, without secrets" })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiResponse({ status: 200, type: ApiKeyPage })
  @ApiProblems(400, 401, 403, 404, 429)
  list(@Ctx() ctx: RequestContext, @Param('slug') slug: string, @Query() query: Record<string, unknown>): Promise<Page<ApiKeyView>> {
    return this.listApiKeys.execute(ctx, slug, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('ops-or-admin')
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key', description: 'It stops working on every replica within 2 s. Revoking twice is fine.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblems(400, 401, 403, 404, 429)
  async revoke(@Ctx() ctx: RequestContext, @Param('slug') slug: string, @Param('id') id: string): Promise<void> {
    await this.revokeApiKey.execute(ctx, slug, id);
  }
}
