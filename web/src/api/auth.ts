import { api } from './client';
import type { Session } from './types';

export type LoginBody = { tenant: string; username: string; password: string };

/** Signs in; the server sets the session and CSRF cookies. @throws ApiError INVALID_CREDENTIALS (401) */
export function login(body: LoginBody): Promise<Session> {
  return api.post<Session>('/api/v1/auth/login', body);
}

/** The current session. @throws ApiError UNAUTHENTICATED (401) when signed out */
export function fetchSession(): Promise<Session> {
  return api.get<Session>('/api/v1/auth/me');
}

/** Ends the session (204). */
export function logout(): Promise<void> {
  return api.post<void>('/api/v1/auth/logout');
}
