import { Injectable } from '@nestjs/common';
import { namedTenant, newId, NotFoundError, RequestContext, ValidationError } from '#common';
import { generateApiKey, hashApiKey, IssuedApiKey } from '../domain/api-key.js';
import { requireAdminOrOps } from '../domain/operators.js';
import { ApiKeyStore } from './api-key-store.port.js';
import { TenantStore } from './tenant-store.port.js';

export interface NewApiKey {
  name: string;
}

/** A tenant's admin (or an operator) issues a key for one of the tenant's apps; the key is shown only now. */
@Injectable()
export class CreateApiKey {
  constructor(
    private readonly tenants: TenantStore,
    private readonly keys: ApiKeyStore,
  ) {}

  async execute(ctx: RequestContext, slug: string, input: NewApiKey): Promise<IssuedApiKey> {
    const tenant = namedTenant(ctx, slug);
    requireAdminOrOps(ctx);
    if (!(await this.tenants.findBySlug(tenant))) throw new NotFoundError('Tenant', slug);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
      throw ValidationError.field('name', 'must be 1 to 100 characters, without control characters');
    }
    const key = generateApiKey();
    const stored = { id: newId(), name, keyHash: hashApiKey(key), createdAt: new Date() };
    await this.keys.insert(tenant, stored);
    return { id: stored.id, name, key, createdAt: stored.createdAt.toISOString() };
  }
}
