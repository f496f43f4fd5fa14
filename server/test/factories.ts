import { randomBytes } from 'node:crypto';
import type { UserRole } from '../../common/roles.js';
import type { Db } from '../db/client.js';
import { newId } from '../lib/ids.js';
import { createApiKey } from '../modules/accounts/api-keys.js';
import { createUser } from '../modules/accounts/create-user.js';
import { SYSTEM_ACTOR } from '../modules/accounts/principal.js';
import type { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import { insertTenant } from '../modules/tenants/tenants.repo.js';
import { upsertMerchant } from '../modules/tenants/upsert-merchant.js';

export const TEST_PASSWORD = 'correct horse battery';

export type TestTenant = {
  id: string;
  slug: string;
  merchantId: string;
  otherMerchantId: string;
  users: Record<UserRole | 'merchant2', { id: string; username: string }>;
  apiKey: string;
};

/**
 * A tenant of its own for one test (isolation by data): two merchants, a user for every role (plus a member
 * of the second merchant), one integration key. The consumer's marketplace id is `buyer-<slug>`.
 */
export async function buildTenant(
  db: Db,
  pii: PiiCrypto,
  now: Date,
  overrides: { slug?: string } = {},
): Promise<TestTenant> {
  const slug = overrides.slug ?? `t-${randomBytes(4).toString('hex')}`;
  const id = newId('ten', now.getTime());
  await insertTenant(db, { id, slug, name: `Tenant ${slug}`, createdAt: now });
  const ctx = { tenantId: id, actor: SYSTEM_ACTOR, now };
  const m1 = await upsertMerchant(db, ctx, { externalId: 'm1', name: '商家一', kind: 'shop' });
  const m2 = await upsertMerchant(db, ctx, { externalId: 'm2', name: '商家二', kind: 'event_organizer' });
  const specs: [UserRole | 'merchant2', UserRole, string | undefined][] = [
    ['consumer', 'consumer', undefined],
    ['merchant', 'merchant', m1.merchant.id],
    ['merchant2', 'merchant', m2.merchant.id],
    ['agent', 'agent', undefined],
    ['handler', 'handler', undefined],
    ['reviewer', 'reviewer', undefined],
    ['supervisor', 'supervisor', undefined],
    ['admin', 'admin', undefined],
  ];
  const users = {} as TestTenant['users'];
  for (const [key, role, merchantId] of specs) {
    const u = await createUser(db, pii, ctx, {
      role,
      username: key,
      displayName: key,
      password: TEST_PASSWORD,
      ...(merchantId ? { merchantId } : {}),
      ...(role === 'consumer'
        ? { externalId: `buyer-${slug}`, pii: { phone: '13800001111', realName: '张三' } }
        : { pii: {} }),
    });
    users[key] = { id: u.id, username: u.username };
  }
  const { secret } = await createApiKey(db, ctx, 'test integration');
  return { id, slug, merchantId: m1.merchant.id, otherMerchantId: m2.merchant.id, users, apiKey: secret };
}
