import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchSession, login, logout, type LoginBody } from '../api/auth';
import { ApiError } from '../api/problem';
import type { Session } from '../api/types';

/** The one cache entry for "who is signed in"; `null` means signed out. */
export const SESSION_QUERY_KEY = ['auth', 'session'] as const;

async function loadSession(): Promise<Session | null> {
  try {
    return await fetchSession();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The current session (`data` is null when signed out). Fetched once; login and logout update it. */
export function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: loadSession, staleTime: Infinity, retry: false });
}

/** Signs in and stores the returned session, so the app shell renders without another round trip. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => login(body),
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY_KEY[0] });
      queryClient.setQueryData(SESSION_QUERY_KEY, session);
    },
  });
}

/** Signs out and drops every cached response, so the next user never sees the previous one's data. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Session first: the guard swaps the console for the login page before the other data goes.
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY_KEY[0] });
    },
  });
}
