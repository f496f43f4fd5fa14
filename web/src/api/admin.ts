import { api } from './client';
import type { Role } from './types';

/** A user as the admin sees them (server PersonSchema). */
export type AdminUser = {
  id: string;
  role: Role;
  username: string;
  externalId: string | null;
  displayName: string;
  merchantId: string | null;
  createdAt: string;
  disabled: boolean;
};
export type Page<T> = { items: T[]; nextCursor: string | null };
export const MERCHANT_KINDS = [
  'shop',
  'event_organizer',
  'voucher_merchant',
  'streamer_agency',
  'service',
] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];
/** A merchant organisation (server MerchantSchema); `depositFen` is its deposit's ledger balance. */
export type Merchant = {
  id: string;
  externalId: string;
  name: string;
  kind: MerchantKind;
  depositFen: string;
  createdAt: string;
};

export const listUsers = (cursor: string | null, signal?: AbortSignal) =>
  api.get<Page<AdminUser>>('/api/v1/users', { limit: 200, cursor }, signal);
export const createUser = (body: {
  role: Role;
  username: string;
  displayName: string;
  password: string;
  merchantId?: string;
}) => api.post<AdminUser>('/api/v1/users', body);
export const updateUser = (
  id: string,
  body: { role?: Role; merchantId?: string | null; displayName?: string; disabled?: boolean },
) => api.patch<AdminUser>(`/api/v1/users/${encodeURIComponent(id)}`, body);
export const listMerchants = (signal?: AbortSignal) =>
  api.get<Page<Merchant>>('/api/v1/merchants', { limit: 200 }, signal);
export const listMerchantsPage = (cursor: string | null, limit: number, signal?: AbortSignal) =>
  api.get<Page<Merchant>>('/api/v1/merchants', { limit, cursor }, signal);
/** Creates the merchant, or renames / re-kinds the one with this external id (the integration's upsert). */
export const upsertMerchant = (body: { externalId: string; name: string; kind: MerchantKind }) =>
  api.post<Merchant>('/api/v1/merchants', body);

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export const listApiKeys = (signal?: AbortSignal) =>
  api.get<{ items: ApiKey[] }>('/api/v1/api-keys', undefined, signal);
export const createApiKey = (name: string) =>
  api.post<ApiKey & { secret: string }>('/api/v1/api-keys', { name });
export const revokeApiKey = (id: string) =>
  api.post<ApiKey>(`/api/v1/api-keys/${encodeURIComponent(id)}/revoke`);

export type CalendarDay = { date: string; name: string };
export type CalendarSettings = { base: string; closures: CalendarDay[]; extraWorkingDays: CalendarDay[] };
export type HolidayNotice = {
  id: string;
  scope: 'platform' | 'tenant';
  region: string;
  year: number;
  days: number;
  source: string | null;
  loadedAt: string;
};
export const getCalendarSettings = (signal?: AbortSignal) =>
  api.get<CalendarSettings>('/api/v1/calendar/settings', undefined, signal);
export const saveCalendarSettings = (body: CalendarSettings) =>
  api.put<CalendarSettings & { deadlinesRecomputed: number }>('/api/v1/calendar/settings', body);
export const listHolidayNotices = (signal?: AbortSignal) =>
  api.get<{ items: HolidayNotice[] }>('/api/v1/calendar/notices', undefined, signal);
export type LoadNoticeBody =
  | { format: 'json'; notice: Record<string, unknown> }
  | { format: 'ics'; ics: string; year: number; region: 'CN' | 'HK'; source?: string };
export const loadHolidayNotice = (body: LoadNoticeBody) =>
  api.post<{ noticeId: string; year: number; region: string; deadlinesRecomputed: number }>(
    '/api/v1/calendar/notices',
    body,
  );
