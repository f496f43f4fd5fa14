import { createContext, useContext } from 'react';
import type { SessionUser } from '../api/types';

/**
 * The signed-in user, provided by <RequireAuth> only while a session exists. Pages read it from context
 * rather than from the session query, so a sign-out (session → null) unmounts them before any of them could
 * render without a user.
 */
export const CurrentUserContext = createContext<SessionUser | null>(null);

/**
 * The signed-in user.
 * @throws Error outside <RequireAuth> (a programming error, not a runtime state).
 */
export function useCurrentUser(): SessionUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used under <RequireAuth>');
  return user;
}
