import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';

interface Item {
  to: string;
  label: string;
  role: 'viewer' | 'admin' | 'ops';
}

const ITEMS: Item[] = [
  { to: '/calendar', label: 'Calendar', role: 'viewer' },
  { to: '/jobs', label: 'Jobs', role: 'viewer' },
  { to: '/schedules', label: 'Job schedules', role: 'viewer' },
  { to: '/admin/api-keys', label: 'API keys', role: 'admin' },
  { to: '/admin/audit', label: 'Audit trail', role: 'admin' },
  { to: '/ops/tenants', label: 'Tenants', role: 'ops' },
  { to: '/ops/jobs', label: 'Jobs of every tenant', role: 'ops' },
  { to: '/ops/dead-letters', label: 'Dead letters', role: 'ops' },
];

/** The frame of every signed-in page: navigation by role, who is signed in, sign-out. */
export function AppLayout() {
  const { me, can, signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const items = ITEMS.filter((item) => can(item.role));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              Campaigns console
            </Title>
            {me?.tenant && (
              <Badge variant="light" size="lg" title={`Dates are shown in ${me.tenant.timezone}`}>
                {me.tenant.name} · {me.tenant.timezone}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="md">
              {me?.subject} ({me?.roles.filter((role) => role !== 'viewer' || me.roles.length === 1).join(', ')})
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={RouterLink}
              to={item.to}
              label={item.label}
              active={location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
