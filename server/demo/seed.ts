import type { Team, UserRole } from '../../common/roles.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { createApiKey } from '../modules/accounts/api-keys.js';
import { createUser } from '../modules/accounts/create-user.js';
import { SYSTEM_ACTOR } from '../modules/accounts/principal.js';
import { upsertConsumer } from '../modules/accounts/upsert-consumer.js';
import { appendAudit } from '../modules/audit/index.js';
import { upsertEvent } from '../modules/orders/upsert-event.js';
import { upsertOrder } from '../modules/orders/upsert-order.js';
import type { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import type { PiiInput } from '../modules/accounts/people.js';
import type { UpsertOrderBody } from '../modules/orders/orders.schemas.js';
import { countTenants, insertTenant } from '../modules/tenants/tenants.repo.js';
import { upsertMerchant } from '../modules/tenants/upsert-merchant.js';
import { topUpDeposit } from '../modules/settlement/index.js';
import { seedDemoCases } from './seed-cases.js';
import { seedDemoHistory } from './seed-history.js';

export const DEMO_PASSWORD = 'accord-demo';
export const DEMO_TENANT = 'demo';

export type DemoSummary = {
  tenantSlug: string;
  password: string;
  users: { username: string; role: UserRole; displayName: string }[];
  apiKey: string;
};

const DAY = 86_400_000;

/** Seeds the demo marketplace when the database has no tenant yet; returns what it made, or null. */
export async function seedDemoIfEmpty(deps: {
  database: Database;
  pii: PiiCrypto;
  clock: Clock;
}): Promise<DemoSummary | null> {
  if ((await countTenants(deps.database.db)) > 0) return null;
  return seedDemo(deps);
}

/**
 * A ticketing marketplace with a shop side: four merchants, a user for every role, three events and orders
 * across e-commerce, tickets and local-services vouchers. Dates are relative to now so the demo stays live.
 */
export async function seedDemo({
  database,
  pii,
  clock,
}: {
  database: Database;
  pii: PiiCrypto;
  clock: Clock;
}): Promise<DemoSummary> {
  const db = database.db;
  const now = clock.now();
  const tenantId = newId('ten', now.getTime());
  await db.transaction(async (tx) => {
    await insertTenant(tx, {
      id: tenantId,
      slug: DEMO_TENANT,
      name: '星河集市（演示）',
      scenarios: ['ecommerce', 'tickets', 'local_services'],
      createdAt: now,
    });
    await appendAudit(
      tx,
      {
        tenantId,
        actor: SYSTEM_ACTOR,
        action: 'tenant.created',
        target: { type: 'tenant', id: tenantId },
        summary: { slug: DEMO_TENANT, demo: true },
      },
      now,
    );
  });
  const ctx = { tenantId, actor: SYSTEM_ACTOR, now };

  const merchantSpecs = [
    { externalId: 'm-galaxy-live', name: '星河演艺', kind: 'event_organizer' as const },
    { externalId: 'm-youpin-digital', name: '优品数码旗舰店', kind: 'shop' as const },
    { externalId: 'm-fresh-fruit', name: '鲜果时光', kind: 'shop' as const },
    { externalId: 'm-hotpot', name: '老北京涮肉（三里屯店）', kind: 'voucher_merchant' as const },
  ];
  const merchantIds: Record<string, string> = {};
  for (const spec of merchantSpecs)
    merchantIds[spec.externalId] = (await upsertMerchant(db, ctx, spec)).merchant.id;

  const people: {
    username: string;
    role: UserRole;
    displayName: string;
    merchantId?: string;
    externalId?: string;
    team?: Team;
    pii?: PiiInput;
  }[] = [
    {
      username: 'consumer1',
      role: 'consumer',
      displayName: '王小明',
      externalId: 'buyer-1001',
      pii: {
        realName: '王小明',
        phone: '13812345678',
        email: 'xiaoming.wang@example.com',
        address: '上海市浦东新区世纪大道100号',
      },
    },
    {
      username: 'merchant1',
      role: 'merchant',
      displayName: '星河演艺 · 李经理',
      merchantId: merchantIds['m-galaxy-live']!,
    },
    {
      username: 'shop1',
      role: 'merchant',
      displayName: '优品数码 · 客服小张',
      merchantId: merchantIds['m-youpin-digital']!,
    },
    { username: 'agent1', role: 'agent', displayName: '客服 · 陈静' },
    { username: 'handler1', role: 'handler', displayName: '调解员 · 刘洋', team: 'goods' },
    { username: 'handler2', role: 'handler', displayName: '调解员 · 孙悦', team: 'tickets' },
    { username: 'reviewer1', role: 'reviewer', displayName: '复核 · 赵敏' },
    { username: 'supervisor1', role: 'supervisor', displayName: '主管 · 周强' },
    { username: 'admin1', role: 'admin', displayName: '管理员 · 吴磊' },
  ];
  for (const person of people) {
    await createUser(db, pii, ctx, { ...person, password: DEMO_PASSWORD, pii: person.pii ?? {} });
  }
  await upsertConsumer(db, pii, ctx, {
    externalId: 'buyer-1002',
    displayName: '李娜',
    pii: { realName: '李娜', phone: '13987654321' },
  });

  const at = (days: number, hour = 20) =>
    new Date(Math.floor((now.getTime() + days * DAY) / DAY) * DAY + (hour - 8) * 3_600_000);
  const events = [
    {
      externalId: 'e-newyear-2027',
      title: '星河跨年演唱会 2027',
      venue: '上海梅赛德斯-奔驰文化中心',
      startsAt: at(38),
      endsAt: at(38, 23),
      refundWindowDays: 7,
    },
    {
      externalId: 'e-tech-summit',
      title: '长三角数字消费峰会',
      venue: '杭州国际博览中心',
      startsAt: at(19, 9),
      endsAt: at(20, 17),
      refundWindowDays: 10,
    },
    {
      externalId: 'e-autumn-live',
      title: '秋日民谣专场',
      venue: '北京工人体育馆',
      startsAt: at(-12),
      endsAt: at(-12, 22),
      refundWindowDays: 7,
      status: 'ended' as const,
    },
  ];
  for (const e of events) {
    await upsertEvent(db, ctx, { ...e, organizerExternalId: 'm-galaxy-live', status: e.status ?? 'on_sale' });
  }

  const orderSpecs: UpsertOrderBody[] = [
    ticketOrder(
      'T20261001',
      'buyer-1001',
      'e-newyear-2027',
      '星河跨年演唱会 2027 · 内场 A 区',
      2,
      128_000,
      at(-20, 12),
    ),
    ticketOrder(
      'T20261002',
      'buyer-1001',
      'e-tech-summit',
      '长三角数字消费峰会 · 标准票',
      1,
      59_900,
      at(-9, 15),
    ),
    ticketOrder(
      'T20261003',
      'buyer-1002',
      'e-newyear-2027',
      '星河跨年演唱会 2027 · 看台 180',
      3,
      38_000,
      at(-15, 10),
    ),
    ticketOrder('T20260904', 'buyer-1001', 'e-autumn-live', '秋日民谣专场 · 看台', 1, 28_000, at(-40, 11)),
    {
      externalId: 'S20261101',
      buyerExternalId: 'buyer-1001',
      merchantExternalId: 'm-youpin-digital',
      scenario: 'ecommerce',
      category: 'electronics',
      title: '降噪蓝牙耳机 Pro 2',
      paymentMethod: 'alipay',
      items: [{ sku: 'EAR-PRO2-BLK', title: '降噪蓝牙耳机 Pro 2 黑色', quantity: 1, unitPriceFen: 129_900 }],
      goodsFen: 129_900n,
      discountFen: 10_000n,
      taxFen: 0n,
      serviceFeeFen: 0n,
      shippingFen: 0n,
      refundedFen: 0n,
      paidAt: at(-6, 10),
      shippedAt: at(-5, 18),
      signedAt: at(-3, 14),
    },
    {
      externalId: 'S20261102',
      buyerExternalId: 'buyer-1001',
      merchantExternalId: 'm-fresh-fruit',
      scenario: 'ecommerce',
      category: 'fresh_food',
      title: '海南贵妃芒 5 斤装',
      paymentMethod: 'wechat_pay',
      items: [{ sku: 'MANGO-5J', title: '海南贵妃芒 5 斤', quantity: 1, unitPriceFen: 6_990 }],
      goodsFen: 6_990n,
      discountFen: 0n,
      taxFen: 0n,
      serviceFeeFen: 0n,
      shippingFen: 1_000n,
      refundedFen: 0n,
      paidAt: at(-2, 9),
      shippedAt: at(-2, 17),
      signedAt: at(-1, 11),
    },
    {
      externalId: 'V20261103',
      buyerExternalId: 'buyer-1001',
      merchantExternalId: 'm-hotpot',
      scenario: 'local_services',
      category: 'dining_voucher',
      title: '双人涮肉套餐代金券',
      paymentMethod: 'alipay',
      items: [{ sku: 'HOTPOT-2P', title: '双人涮肉套餐', quantity: 1, unitPriceFen: 19_800 }],
      goodsFen: 19_800n,
      discountFen: 0n,
      taxFen: 0n,
      serviceFeeFen: 0n,
      shippingFen: 0n,
      refundedFen: 0n,
      paidAt: at(-4, 19),
      redeemedAt: at(-1, 19),
    },
  ];
  for (const order of orderSpecs) await upsertOrder(db, ctx, order);
  await seedDemoHistory(db, pii, tenantId, merchantIds, now);
  await seedDemoCases(db, tenantId, now);
  // Each merchant's deposit (保证金), paid in when it joined the platform (the merchant's standing page).
  await topUpDeposit(db, ctx, {
    merchantId: merchantIds['m-galaxy-live']!,
    amountFen: 5_000_000n,
    reference: 'demo-deposit-galaxy',
  });
  await topUpDeposit(db, ctx, {
    merchantId: merchantIds['m-youpin-digital']!,
    amountFen: 2_000_000n,
    reference: 'demo-deposit-youpin',
  });

  const { secret } = await createApiKey(db, ctx, '演示集成 demo integration');
  return {
    tenantSlug: DEMO_TENANT,
    password: DEMO_PASSWORD,
    users: people.map(({ username, role, displayName }) => ({ username, role, displayName })),
    apiKey: secret,
  };
}

function ticketOrder(
  externalId: string,
  buyer: string,
  eventExternalId: string,
  title: string,
  quantity: number,
  unitPriceFen: number,
  paidAt: Date,
): UpsertOrderBody {
  const goods = BigInt(quantity * unitPriceFen);
  return {
    externalId,
    buyerExternalId: buyer,
    merchantExternalId: 'm-galaxy-live',
    eventExternalId,
    scenario: 'tickets',
    category: 'ticket',
    title,
    paymentMethod: 'alipay',
    items: [{ sku: `${eventExternalId}-${unitPriceFen}`, title, quantity, unitPriceFen }],
    goodsFen: goods,
    discountFen: 0n,
    taxFen: (goods * 6n) / 100n,
    serviceFeeFen: BigInt(quantity * 500),
    shippingFen: 0n,
    refundedFen: 0n,
    paidAt,
  };
}
