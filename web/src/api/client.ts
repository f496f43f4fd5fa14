import { getCurrentLanguage } from '../i18n/language';
import { ApiError, CLIENT_ERROR_CODES, toProblem } from './problem';

/** The readable half of the double-submit CSRF pair; the server sets it next to the HttpOnly session. */
export const CSRF_COOKIE = 'accord_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions = {
  method?: Method;
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
};

/** Reads one cookie by name, or undefined. */
export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function buildHeaders(method: Method, hasBody: boolean, extra: Record<string, string> | undefined): Headers {
  const headers = new Headers(extra);
  headers.set('Accept', 'application/json, application/problem+json');
  headers.set('Accept-Language', getCurrentLanguage());
  if (hasBody) headers.set('Content-Type', 'application/json');
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers.set(CSRF_HEADER, token);
  }
  return headers;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Calls the Accord API. Sends cookies (same origin), `Accept-Language` in the UI language and, on writes,
 * the CSRF header. Resolves with the parsed JSON body (undefined for 204).
 * @throws ApiError with the server's problem document, or NETWORK_ERROR / BAD_RESPONSE.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const hasBody = options.body !== undefined;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: buildHeaders(method, hasBody, options.headers),
      body: hasBody ? JSON.stringify(options.body) : null,
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: CLIENT_ERROR_CODES.network,
    });
  }
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(toProblem(response.status, body));
  if (body !== undefined && typeof body === 'string') {
    throw new ApiError({
      type: 'about:blank',
      title: 'Unexpected response',
      status: response.status,
      code: CLIENT_ERROR_CODES.badResponse,
    });
  }
  return body as T;
}

/** Shorthands for the common verbs. */
export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    apiRequest<T>(path, { method: 'GET', query, ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
