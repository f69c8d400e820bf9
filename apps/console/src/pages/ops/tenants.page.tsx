import { Button, Card, Group, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatInstant } from '../../lib/dates';
import { notifyFailure, notifySuccess } from '../../lib/notify';
import { QueryState } from '../../lib/query-state';
import { ApiKeysPanel } from '../admin/api-keys-panel';
import { AuditTrail } from '../admin/audit-trail';
import { formErrorsOf } from '../admin/form-problem';
import { WideTable } from '../../lib/wide-table';
import { TENANTS_KEY, useTenants } from './tenants-query';
import { SLUG_PATTERN, timeZoneOptions } from './time-zones';
import { Hint } from '../admin/hint';

type Tenant = components['schemas']['TenantView'];

/** `/ops/tenants`: the operators' list of tenants; create one; manage a tenant's API keys, read its audit trail. */
export default function TenantsPage() {
  const tenants = useTenants();
  const [selected, setSelected] = useState<Tenant | null>(null);
  const toggle = (tenant: Tenant) => setSelected((current) => (current?.slug === tenant.slug ? null : tenant));
  return (
    <Stack>
      <Title order={2}>Tenants</Title>
      <CreateTenantForm />
      <QueryState query={tenants} label="tenants" empty={<Hint>No tenant yet: create the first one above.</Hint>} isEmpty={(items) => items.length === 0}>
        {(items) => <TenantsTable tenants={items} selected={selected?.slug ?? null} onManage={toggle} />}
      </QueryState>
      {selected && <TenantDetails key={selected.slug} tenant={selected} onClose={() => setSelected(null)} />}
    </Stack>
  );
}

const validSlug = (slug: string) => (SLUG_PATTERN.test(slug) ? null : '2–40 lowercase letters, digits or hyphens, not starting with a hyphen.');

function CreateTenantForm() {
  const queryClient = useQueryClient();
  const zones = useMemo(() => timeZoneOptions(), []);
  const form = useForm({
    // null, not '': a Select keeps showing its last search text when reset to a value it has no option for.
    initialValues: { slug: '', name: '', timezone: null as string | null },
    validate: {
      slug: validSlug,
      name: (name) => (name.trim() ? null : 'Give the tenant a name.'),
      timezone: (zone) => (zone ? null : 'Choose the time zone of the shopping center.'),
    },
  });
  const create = useMutation({
    mutationFn: (body: components['schemas']['CreateTenantBody']) => unwrap(api.POST('/v1/admin/tenants', { body })),
    onSuccess: (tenant) => {
      notifySuccess(`Tenant ${tenant.name} (${tenant.slug}) created.`);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: TENANTS_KEY });
    },
    onError: (error) => {
      const errors = formErrorsOf(error, 'slug');
      if (errors) form.setErrors(errors);
      else notifyFailure('The tenant could not be created', error);
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="create-tenant-heading">
      <Title order={3} size="h5" id="create-tenant-heading" mb="xs">
        New tenant
      </Title>
      <form onSubmit={form.onSubmit((values) => create.mutate({ slug: values.slug, name: values.name.trim(), timezone: values.timezone ?? '' }))} aria-labelledby="create-tenant-heading">
        <Group align="flex-start" wrap="wrap">
          <TextInput label="Slug" description={<Hint>In URLs and tokens; cannot change</Hint>} placeholder="istanbul-mall" w={220} withAsterisk {...form.getInputProps('slug')} />
          <TextInput label="Name" placeholder="Istanbul Mall" w={260} withAsterisk maxLength={200} {...form.getInputProps('name')} />
          <Select
            label="Time zone"
            description={<Hint>Dates of this tenant are read in it</Hint>}
            placeholder="Type to search"
            data={zones}
            searchable
            w={260}
            withAsterisk
            nothingFoundMessage="No such zone"
            {...form.getInputProps('timezone')}
          />
        </Group>
        <Button type="submit" loading={create.isPending} mt="md">
          Create tenant
        </Button>
      </form>
    </Card>
  );
}

function TenantsTable({ tenants, selected, onManage }: { tenants: Tenant[]; selected: string | null; onManage: (tenant: Tenant) => void }) {
  return (
    <WideTable label="Tenants" minWidth={720}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Slug</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Time zone</Table.Th>
          <Table.Th>Created (UTC)</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tenants.map((tenant) => (
          <Table.Tr key={tenant.slug}>
            <Table.Td ff="monospace" id={`tenant-${tenant.slug}`}>
              {tenant.slug}
            </Table.Td>
            <Table.Td>{tenant.name}</Table.Td>
            <Table.Td>{tenant.timezone}</Table.Td>
            <Table.Td>{formatInstant(tenant.createdAt, 'UTC')}</Table.Td>
            <Table.Td>
              <Button size="xs" variant={selected === tenant.slug ? 'filled' : 'light'} aria-pressed={selected === tenant.slug} aria-describedby={`tenant-${tenant.slug}`} onClick={() => onManage(tenant)}>
                Manage
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </WideTable>
  );
}

/** One tenant's API keys and audit trail, under the list; its heading takes the focus when it opens. */
function TenantDetails({ tenant, onClose }: { tenant: Tenant; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const auditPage = (cursor: string | undefined) => unwrap(api.GET('/v1/admin/audit', { params: { query: { tenant: tenant.slug, cursor, limit: 100 } } }));
  return (
    <Card withBorder component="section" aria-labelledby="tenant-details-heading">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="tenant-details-heading" ref={heading} tabIndex={-1}>
          {tenant.name} ({tenant.slug})
        </Title>
        <Button variant="default" size="xs" onClick={onClose}>
          Close
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Dates are in the tenant's zone, {tenant.timezone}.
      </Text>
      <Tabs defaultValue="keys" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="keys">API keys</Tabs.Tab>
          <Tabs.Tab value="audit">Audit trail</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="keys" pt="md">
          <ApiKeysPanel slug={tenant.slug} zone={tenant.timezone} />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTrail queryKey={['admin-audit', tenant.slug]} page={auditPage} zone={tenant.timezone} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
