import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { merchants, tenants } from '../tenants/tenants.table.js';

/**
 * People who sign in (or are filed for). PII columns hold ciphertext only (`*_enc`, see privacy module);
 * `phone_bidx` is an HMAC blind index so staff can find a caller by phone without decrypting every row.
 */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    role: text('role').notNull(),
    merchantId: text('merchant_id').references(() => merchants.id),
    username: text('username').notNull(),
    externalId: text('external_id'),
    displayName: text('display_name').notNull(),
    /** The case team a handler or agent belongs to (routing by load prefers the case's team); null = any. */
    team: text('team'),
    passwordHash: text('password_hash'),
    realNameEnc: text('real_name_enc'),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    emailEnc: text('email_enc'),
    idCardEnc: text('id_card_enc'),
    addressEnc: text('address_enc'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_tenant_username_uq').on(t.tenantId, t.username),
    uniqueIndex('users_tenant_external_uq')
      .on(t.tenantId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('users_tenant_phone_bidx').on(t.tenantId, t.phoneBidx),
  ],
);

/** Web sessions. Only a SHA-256 of the cookie token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Integration API keys; the secret is shown once at creation and stored as a SHA-256 hash. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenantId)],
);
