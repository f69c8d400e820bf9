import { Injectable } from '@nestjs/common';
import { ConflictError, newId, RequestContext } from '#common';
import { requireOps } from './operators.js';
import { checkNewTenant, NewTenant, TenantProfile } from './tenant.js';
import { DuplicateTenantError, TenantRepository } from './tenant.repository.js';

/** Operators create a shopping center. A slug is taken once and for all (409). */
@Injectable()
export class CreateTenant {
  constructor(private readonly tenants: TenantRepository) {}

  async execute(ctx: RequestContext, input: NewTenant): Promise<TenantProfile> {
    requireOps(ctx);
    const tenant = checkNewTenant(input);
    try {
      return await this.tenants.insert({ id: newId(), ...tenant, createdAt: new Date() });
    } catch (error) {
      if (error instanceof DuplicateTenantError) {
        throw new ConflictError('TENANT_EXISTS', `A tenant with slug ${tenant.slug} already exists.`, { slug: tenant.slug });
      }
      throw error;
    }
  }
}
