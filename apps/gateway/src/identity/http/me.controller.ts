import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '#common';
import type { RequestContext } from '#common';
import { Access, Ctx } from '../../access/access.decorators.js';
import { type CallerView, DescribeCaller } from '../application/describe-caller.use-case.js';
import { MeTenantView, MeView } from './identity.dto.js';

@ApiTags('identity')
@ApiExtraModels(MeTenantView)
@ApiSecurity('api-key')
@ApiSecurity('staff')
/** `GET /v1/me`: who the caller is, for any valid credentials (the console asks it first). */
@Controller('v1/me')
export class MeController {
  constructor(private readonly describeCaller: DescribeCaller) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({
    operationId: 'getMe',
    summary: 'Who you are: kind, subject, roles and tenant',
    description: "Any valid credentials: a tenant's staff, an operator (tenant null, roles [ops]) or an API key (subject null, no roles). Roles are expanded: an admin is also editor and viewer.",
  })
  @ApiResponse({ status: 200, type: MeView })
  @ApiProblems(401, 429)
  me(@Ctx() ctx: RequestContext): Promise<CallerView> {
    return this.describeCaller.execute(ctx);
  }
}
