import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiProblem } from './api/problem';
import { AuthProvider, useAuth } from './auth/auth-context';
import type { ConsoleConfig } from './auth/console-config';
import { SignInPage } from './pages/sign-in/sign-in.page';
import { routes } from './routes';
import { cssVariables, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A refusal will not change by asking again; a network blip may.
      retry: (failures, error) => !(error instanceof ApiProblem) && failures < 2,
    },
  },
});

function SignedIn() {
  const { me, loading } = useAuth();
  const router = useMemo(() => (me ? createBrowserRouter(routes, { basename: '/console' }) : null), [me?.subject, me?.tenant?.slug]);
  if (loading) {
    return (
      <Center mih="100vh" role="status" aria-label="Signing in">
        <Loader />
      </Center>
    );
  }
  if (!router) return <SignInPage />;
  return <RouterProvider router={router} />;
}

export function App({ config }: { config: ConsoleConfig }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      {/* Bottom right: at the top they would cover the header's Sign out. */}
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <AuthProvider config={config}>
          <SignedIn />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
