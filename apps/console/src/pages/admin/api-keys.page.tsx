import { Stack, Text, Title } from '@mantine/core';
import { ApiKeysPanel } from './api-keys-panel';
import { TenantOnly } from './tenant-only';

/** `/admin/api-keys`: the tenant admin's API keys (for the tenant's mobile apps). */
export default function ApiKeysPage() {
  return (
    <Stack>
      <Title order={2}>API keys</Title>
      <TenantOnly>
        {(tenant) => (
          <>
            <Text size="sm" c="dimmed">
              Keys let {tenant.name}'s apps read its campaigns and events. Dates are in {tenant.timezone}.
            </Text>
            <ApiKeysPanel slug={tenant.slug} zone={tenant.timezone} />
          </>
        )}
      </TenantOnly>
    </Stack>
  );
}
