import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createTestApp } from '../../test/app.js';
import type { TestTenant } from '../../test/factories.js';
import { testDbKinds } from '../../test/db.js';
import { maskAddress, maskEmail, maskIdCard, maskName, maskPhone, piiAccess, presentPii } from './masking.js';
import { PiiCrypto, normalizePhone } from './pii-crypto.js';

const PERSON = {
  realName: '欧阳娜娜',
  phone: '13912345678',
  email: 'nana.ouyang@example.com',
  idCard: '11010519491231002X',
  address: '北京市朝阳区建国路88号SOHO现代城',
};

describe('masking', () => {
  it.each([
    [maskPhone, '13812345678', '138****5678'],
    [maskName, '张三丰', '张**'],
    [maskName, '李', '李*'],
    [maskEmail, 'zhang.san@example.com', 'z***@example.com'],
    [maskIdCard, '110101199003071234', '110***********1234'],
    [maskAddress, '上海市浦东新区世纪大道100号', '上海市浦东新****'],
  ])('%o(%s) → %s', (fn, input, expected) => {
    expect(fn(input)).toBe(expected);
  });

  it('shows merchants and reviewers masked data, contact staff the full data, other consumers nothing', () => {
    expect(piiAccess('merchant', false)).toBe('masked');
    expect(piiAccess('reviewer', false)).toBe('masked');
    expect(piiAccess('handler', false)).toBe('full');
    expect(piiAccess('consumer', false)).toBe('none');
    expect(piiAccess('consumer', true)).toBe('full');
    expect(presentPii(PERSON, 'masked')).toEqual({
      realName: '欧***',
      phone: '139****5678',
      email: 'n***@example.com',
      idCard: '110***********002X',
      address: '北京市朝阳区****',
    });
  });
});

describe('field encryption', () => {
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };

  it('round-trips and names its key; every value gets a fresh IV', () => {
    const c = new PiiCrypto([k1]);
    const a = c.encrypt('13812345678', 'users.phone');
    const b = c.encrypt('13812345678', 'users.phone');
    expect(a).toMatch(/^enc:v1:k1:/);
    expect(a).not.toBe(b);
    expect(c.decrypt(a, 'users.phone')).toBe('13812345678');
  });

  it('refuses a ciphertext moved to another column or tampered with', () => {
    const c = new PiiCrypto([k1]);
    const sealed = c.encrypt('张三', 'users.real_name');
    expect(() => c.decrypt(sealed, 'users.address')).toThrow();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => c.decrypt(flipped, 'users.real_name')).toThrow();
  });

  it('rotates keys: new values use the active key, old values still open', () => {
    const old = new PiiCrypto([k1]).encrypt('旧数据', 'users.address');
    const rotated = new PiiCrypto([k2, k1]);
    expect(rotated.decrypt(old, 'users.address')).toBe('旧数据');
    expect(rotated.encrypt('新数据', 'users.address')).toMatch(/^enc:v1:k2:/);
    expect(() => new PiiCrypto([k2]).decrypt(old, 'users.address')).toThrow(/unknown PII key id "k1"/);
  });

  it('normalises phone numbers before indexing', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('008613812345678')).toBe('13812345678');
  });
});

describe.each(testDbKinds)('PII at rest on %s', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tenant = await t.tenant();
  });
  afterAll(() => t.close());

  it('stores no plaintext PII: the raw users table holds only ciphertext and a blind index', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/consumers',
      headers: t.as({ apiKey: tenant.apiKey }),
      payload: { externalId: 'buyer-pii', displayName: '娜娜', pii: PERSON },
    });
    expect(res.statusCode).toBe(201);
    const raw = await queryRows<Record<string, string>>(
      t.db,
      sql`select * from users where tenant_id = ${tenant.id} and external_id = 'buyer-pii'`,
    );
    const dump = JSON.stringify(raw);
    for (const value of Object.values(PERSON)) {
      expect(dump).not.toContain(value);
      expect(dump.toLowerCase()).not.toContain(value.toLowerCase());
    }
    expect(dump).not.toContain('12345678');
    const row = raw[0]!;
    for (const column of ['real_name_enc', 'phone_enc', 'email_enc', 'id_card_enc', 'address_enc']) {
      expect(row[column]).toMatch(/^enc:v1:t1:/);
    }
    // Nor in the audit trail written with it.
    const audit = await queryRows(t.db, sql`select summary from audit_events where tenant_id = ${tenant.id}`);
    expect(JSON.stringify(audit)).not.toContain(PERSON.phone);
  });

  it('finds a caller by phone through the blind index and shows the agent the full record', async () => {
    const agent = await t.login(tenant, 'agent');
    const res = await t.app.inject({
      url: '/api/v1/consumers?phone=%2B86%20139-1234-5678',
      headers: t.as(agent),
    });
    expect(res.statusCode).toBe(200);
    const [person] = res.json<{ items: { externalId: string; pii: { phone: string; access: string } }[] }>()
      .items;
    expect(person).toMatchObject({ externalId: 'buyer-pii', pii: { access: 'full', phone: PERSON.phone } });
  });

  it('lets a consumer read their own PII and no one else’s (404)', async () => {
    const s = await t.login(tenant, 'consumer');
    const own = await t.app.inject({ url: `/api/v1/people/${tenant.users.consumer.id}`, headers: t.as(s) });
    expect(own.json()).toMatchObject({ pii: { access: 'full', phone: '13800001111' } });
    const other = await t.app.inject({ url: `/api/v1/people/${tenant.users.agent.id}`, headers: t.as(s) });
    expect(other.statusCode).toBe(404);
  });
});
