import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAuth, type Me } from '../../auth/auth-context';

type Tenant = NonNullable<Me['tenant']>;

/**
 * The content of a page for a tenant's admins. An operator (no tenant) who follows a link here
 * is told where to go instead of meeting a crash: their tenants' keys and audit are on the
 * operator pages.
 */
export function TenantOnly({ children }: { children: (tenant: Tenant) => ReactNode }) {
  const tenant = useAuth().me?.tenant;
  if (!tenant) {
    return (
      <Alert color="blue" title="This page is for a tenant's staff">
        You are signed in without a tenant. Operators find each tenant's API keys and audit trail on the Tenants page.
      </Alert>
    );
  }
  return <>{children(tenant)}</>;
}
