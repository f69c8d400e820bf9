import { Alert, Button, Card, Center, Divider, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/problem';
import { useAuth } from '../../auth/auth-context';
import { devSignIn, devTenants, type Role } from '../../auth/dev-sign-in';
import { session } from '../../auth/session';

/** Shown instead of any page while nobody is signed in; the address stays, so a deep link survives. */
export function SignInPage() {
  const { config, error } = useAuth();
  const ended = session.lastEnded();
  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            Campaigns console
          </Title>
          {ended === 'expired' && (
            <Alert color="yellow" role="status">
              Your session ended. Sign in again to go on.
            </Alert>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {config.oidc && <ProviderSignIn />}
          {config.oidc && config.devSignIn && <Divider label="or, in development" />}
          {config.devSignIn && <DevSignIn />}
          {!config.oidc && !config.devSignIn && (
            <Alert color="red" role="alert">
              Sign-in is not configured on this server: set CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID.
            </Alert>
          )}
        </Stack>
      </Card>
    </Center>
  );
}

function ProviderSignIn() {
  const { signInWithProvider } = useAuth();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    signInWithProvider(window.location.pathname + window.location.search).catch((error: unknown) => {
      setBusy(false);
      setFailure(describeError(error));
    });
  };
  return (
    <Stack gap="xs">
      <Button onClick={start} loading={busy}>
        Sign in
      </Button>
      {failure && (
        <Text c="red" size="sm" role="alert">
          {failure}
        </Text>
      )}
    </Stack>
  );
}

const ROLES: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer (reads)' },
  { value: 'editor', label: 'Editor (plans campaigns, starts jobs)' },
  { value: 'admin', label: 'Admin (API keys, audit, cancels jobs)' },
  { value: 'ops', label: 'Operator (every tenant)' },
];

function DevSignIn() {
  const tenants = useQuery({ queryKey: ['dev-tenants'], queryFn: devTenants });
  const [role, setRole] = useState<Role>('editor');
  const [tenant, setTenant] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    devSignIn(tenant.trim() || null, role).catch((error: unknown) => {
      setBusy(false);
      setFailure(describeError(error));
    });
  };
  const slugs = tenants.data?.map((entry) => ({ value: entry.slug, label: `${entry.name} (${entry.slug}, ${entry.timezone})` })) ?? [];
  return (
    <form onSubmit={submit} aria-label="Development sign-in">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Development sign-in: pick a role and a tenant. This page exists only when the server runs with NODE_ENV=development.
        </Text>
        <Select label="Role" data={ROLES} value={role} onChange={(value) => value && setRole(value as Role)} allowDeselect={false} />
        {role !== 'ops' &&
          (slugs.length > 0 ? (
            <Select label="Tenant" data={slugs} value={tenant || null} onChange={(value) => setTenant(value ?? '')} searchable required />
          ) : (
            <TextInput
              label="Tenant"
              description={tenants.isPending ? 'Loading tenants…' : 'No tenant yet: sign in as an operator to create one, or type a slug.'}
              value={tenant}
              onChange={(event) => setTenant(event.currentTarget.value)}
              required
            />
          ))}
        {failure && (
          <Text c="red" size="sm" role="alert">
            {failure}
          </Text>
        )}
        <Button type="submit" loading={busy}>
          Sign in as {role}
        </Button>
      </Stack>
    </form>
  );
}
