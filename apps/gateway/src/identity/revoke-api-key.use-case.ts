import { Injectable } from '@nestjs/common';
import { isUuid, namedTenant, NotFoundError, RequestContext, ValidationError } from '#common';
import { ApiKeyRepository } from './api-key.repository.js';
import { IdentityDirectory } from './identity-directory.js';
import { requireAdminOrOps } from './operators.js';

/**
 * Revokes a key (idempotent). This replica forgets it at once; every other replica re-reads it
 * within IDENTITY_CACHE_TTL_MS, so it stops working everywhere within the contract's 2 s.
 */
@Injectable()
export class RevokeApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute(ctx: RequestContext, slug: string, id: string): Promise<void> {
    const tenant = namedTenant(ctx, slug);
    requireAdminOrOps(ctx);
    if (!isUuid(id)) throw ValidationError.field('id', 'must be a UUID');
    const revoked = await this.keys.revoke(tenant, id);
    if (!revoked) throw new NotFoundError('API key', id);
    this.directory.forgetApiKeys();
  }
}
