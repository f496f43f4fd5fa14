import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router-dom';
import { useCurrentUser } from '../auth/current-user';
import { FullPageSpinner } from '../components/FullPageSpinner';
import { RequireAuth } from '../components/RequireAuth';
import { LoginPage } from '../routes/LoginPage';
import { CONSOLE_ROUTES, type ConsoleRoute } from '../routes/registry';

// Everything behind the login is split out of the entry chunk: a consumer's phone downloads the shell and
// the home page only after signing in, and staff consoles never reach a consumer's device.
const AppLayout = lazy(() => import('../components/AppLayout'));
const UnderConstructionPage = lazy(() => import('../routes/UnderConstructionPage'));
const NotFoundPage = lazy(() => import('../routes/StatusPages').then((m) => ({ default: m.NotFoundPage })));
const ForbiddenPage = lazy(() => import('../routes/StatusPages').then((m) => ({ default: m.ForbiddenPage })));

function ConsolePage({ route }: { route: ConsoleRoute }) {
  const user = useCurrentUser();
  if (!route.roles.includes(user.role)) return <ForbiddenPage />;
  const Page = route.page;
  return Page ? <Page /> : <UnderConstructionPage labelKey={route.labelKey} />;
}

function LazyBoundary() {
  return (
    <Suspense fallback={<FullPageSpinner />}>
      <Outlet />
    </Suspense>
  );
}

/** The route tree: /login in the entry chunk; every console page lazily, under the session guard. */
export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      element: <RequireAuth />,
      children: [
        {
          element: <LazyBoundary />,
          children: [
            {
              element: <AppLayout />,
              children: [
                ...CONSOLE_ROUTES.map((route) => ({
                  path: route.path,
                  element: <ConsolePage route={route} />,
                })),
                { path: '*', element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
