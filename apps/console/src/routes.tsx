import { Center, Loader } from '@mantine/core';
import { Navigate, type RouteObject } from 'react-router';
import { useAuth } from './auth/auth-context';
import { AppLayout } from './layout/app-layout';

/** Each page is its own chunk, loaded when first visited: the first load stays small. */
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

function Home() {
  const { can } = useAuth();
  return <Navigate to={can('ops') ? '/ops/tenants' : '/calendar'} replace />;
}

function PageLoading() {
  return (
    <Center py="xl" role="status" aria-label="Loading the page">
      <Loader />
    </Center>
  );
}

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    hydrateFallbackElement: <PageLoading />,
    children: [
      { index: true, element: <Home /> },
      { path: 'callback', element: <Home /> },
      { path: 'calendar', lazy: page(() => import('./pages/calendar/calendar.page')) },
      { path: 'campaigns/:id', lazy: page(() => import('./pages/campaigns/campaign.page')) },
      { path: 'jobs', lazy: page(() => import('./pages/jobs/jobs.page')) },
      { path: 'jobs/:id', lazy: page(() => import('./pages/jobs/job.page')) },
      { path: 'schedules', lazy: page(() => import('./pages/jobs/schedules.page')) },
      { path: 'admin/api-keys', lazy: page(() => import('./pages/admin/api-keys.page')) },
      { path: 'admin/audit', lazy: page(() => import('./pages/admin/audit.page')) },
      { path: 'ops/tenants', lazy: page(() => import('./pages/ops/tenants.page')) },
      { path: 'ops/jobs', lazy: page(() => import('./pages/ops/ops-jobs.page')) },
      { path: 'ops/dead-letters', lazy: page(() => import('./pages/ops/dead-letters.page')) },
      { path: '*', lazy: page(() => import('./pages/not-found.page')) },
    ],
  },
];
