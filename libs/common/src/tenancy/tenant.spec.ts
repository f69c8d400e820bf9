import { describe, expect, it } from '@jest/globals';
import type { RequestContext } from '../context/index.js';
import { ForbiddenError, NotFoundError } from '../errors/index.js';
import { namedTenant, tenantOf } from './tenant.js';

const operator: RequestContext = { requestId: 'r', tenant: null, actor: { kind: 'staff', id: 'ops', roles: ['ops'] } };
const staffOf = (tenant: string): RequestContext => ({ requestId: 'r', tenant, actor: { kind: 'staff', id: 's', roles: ['admin'] } });

describe('tenantOf', () => {
  it('is the caller’s own tenant', () => {
    expect(tenantOf(staffOf('mall-a'))).toBe('mall-a');
  });

  it('refuses a caller without a tenant, so no query can run without one', () => {
    expect(() => tenantOf(operator)).toThrow(ForbiddenError);
  });
});

describe('namedTenant', () => {
  it('lets operators name any tenant', () => {
    expect(namedTenant(operator, 'mall-b')).toBe('mall-b');
  });

  it('lets anyone else name only their own, and hides the others (404)', () => {
    expect(namedTenant(staffOf('mall-a'), 'mall-a')).toBe('mall-a');
    expect(() => namedTenant(staffOf('mall-a'), 'mall-b')).toThrow(NotFoundError);
  });

  it('gives nothing to a tenant-less caller that is not an operator', () => {
    expect(() => namedTenant({ ...operator, actor: { kind: 'staff', id: 's', roles: [] } }, 'mall-b')).toThrow(NotFoundError);
  });
});
