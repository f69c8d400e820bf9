import { Injectable } from '@nestjs/common';
import { namedTenant, NotFoundError, RequestContext, requireUuid } from '#common';
import { requireAdminOrOps } from '../domain/operators.js';
import { ApiKeyStore } from './api-key-store.port.js';
import { IdentityDirectory } from './identity-directory.js';

/**
 * Revokes a key (idempotent). This replica forgets it at once; every other replica re-reads it
 * within IDENTITY_CACHE_TTL_MS, so it stops working everywhere within the contract's 2 s.
 */
@Injectable()
export class RevokeApiKey {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly directory: IdentityDirectory,
  ) {}

  async execute(ctx: RequestContext, slug: string, id: string): Promise<void> {
    const tenant = namedTenant(ctx, slug);
    requireAdminOrOps(ctx);
    requireUuid(id);
    const revoked = await this.keys.revoke(tenant, id);
    if (!revoked) throw new NotFoundError('API key', id);
    this.directory.forgetApiKeys();
  }
}
