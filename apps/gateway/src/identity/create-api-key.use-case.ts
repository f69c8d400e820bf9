import { Injectable } from '@nestjs/common';
import { namedTenant, newId, NotFoundError, RequestContext, ValidationError } from '#common';
import { generateApiKey, hashApiKey, IssuedApiKey } from './api-key.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { requireAdminOrOps } from './operators.js';
import { TenantRepository } from './tenant.repository.js';

export interface NewApiKey {
  name: string;
}

/** A tenant's admin (or an operator) issues a key for one of the tenant's apps; the key is shown only now. */
@Injectable()
export class CreateApiKey {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyRepository,
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
    const row = { id: newId(), name, keyHash: hashApiKey(key), createdAt: new Date(), lastUsedAt: null, revokedAt: null };
    await this.keys.insert(tenant, row);
    return { id: row.id, name: row.name, key, createdAt: row.createdAt.toISOString() };
  }
}
