import { Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client';
import { AuditTrail } from './audit-trail';
import { TenantOnly } from './tenant-only';

const auditPage = (cursor: string | undefined) => unwrap(api.GET('/v1/audit', { params: { query: { cursor, limit: 100 } } }));

/** `/admin/audit`: every write to the tenant through the API, refused ones included, newest first. */
export default function AuditPage() {
  return (
    <Stack>
      <Title order={2}>Audit trail</Title>
      <TenantOnly>
        {(tenant) => (
          <>
            <Text size="sm" c="dimmed">
              Every write to {tenant.name} through the API, refused ones included, newest first. Times are in {tenant.timezone}.
            </Text>
            <AuditTrail queryKey={['audit', tenant.slug]} page={auditPage} zone={tenant.timezone} />
          </>
        )}
      </TenantOnly>
    </Stack>
  );
}
