import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';
import { SESSION_QUERY_KEY } from '../auth/session';

/**
 * The app's QueryClient. A 401 UNAUTHENTICATED from any query means the session ended (expired, or signed
 * out in another tab): the session entry becomes null and the route guard sends the user to the login page.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.isUnauthenticated) {
          client.setQueryData(SESSION_QUERY_KEY, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => {
          if (error instanceof ApiError && error.status > 0 && error.status < 500) return false;
          return failures < 2;
        },
      },
    },
  });
  return client;
}
