import { Injectable } from '@nestjs/common';
import { ConflictError, newId, RequestContext } from '#common';
import { requireOps } from '../domain/operators.js';
import { checkNewTenant, NewTenant, TenantProfile } from '../domain/tenant.js';
import { DuplicateTenantError, TenantStore } from './tenant-store.port.js';

/** Operators create a shopping center. A slug is taken once and for all (409). */
@Injectable()
export class CreateTenant {
  constructor(private readonly tenants: TenantStore) {}

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
