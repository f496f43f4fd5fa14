import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { insertTenant } from '../tenants/tenants.repo.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { checkLines, postEntry, type EntryLine } from './post-entry.js';
import { ledgerAccounts } from './ledger.table.js';
import { verifyLedger } from './verify-ledger.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const ESCROW = 'ticket_escrow:evt_0000000001';
const PENDING = 'merchant_pending:mer_0000000001';
const DEPOSIT = 'merchant_deposit:mer_0000000001';

describe('entry shape', () => {
  it.each([
    [[{ account: 'provider_clearing', amountFen: 100n }], /at least two/],
    [
      [
        { account: 'provider_clearing', amountFen: 100n },
        { account: ESCROW, amountFen: -99n },
      ],
      /sum to 1/,
    ],
    [
      [
        { account: 'provider_clearing', amountFen: 0n },
        { account: ESCROW, amountFen: 0n },
      ],
      /zero fen/,
    ],
    [
      [
        { account: 'nowhere', amountFen: 1n },
        { account: ESCROW, amountFen: -1n },
      ],
      /unknown account/,
    ],
  ])('refuses %o', (lines, message) => {
    expect(checkLines(lines as EntryLine[])).toMatch(message);
  });
});

describe.each(testDbKinds)('ledger on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  async function tenant(): Promise<string> {
    const id = newId('ten');
    await insertTenant(database.db, { id, slug: id, name: id });
    return id;
  }
  const post = (tenantId: string, key: string, lines: EntryLine[], kindName = 'test') =>
    database.db.transaction((tx) =>
      postEntry(
        tx,
        { tenantId, idempotencyKey: key, kind: kindName, lines, memo: key, actor: SYSTEM_ACTOR },
        NOW,
      ),
    );
  const pay = (amount: bigint): EntryLine[] => [
    { account: 'provider_clearing', amountFen: amount },
    { account: ESCROW, amountFen: -amount },
  ];
  const refund = (amount: bigint): EntryLine[] => [
    { account: ESCROW, amountFen: amount },
    { account: 'provider_clearing', amountFen: -amount },
  ];

  it('posts once per idempotency key and refuses the key reused for other lines', async () => {
    const t = await tenant();
    const first = await post(t, 'pay-1', pay(10_000n));
    const again = await post(t, 'pay-1', pay(10_000n));
    expect(again).toMatchObject({ replayed: true, entry: { id: first.entry.id } });
    await expect(post(t, 'pay-1', pay(9_000n))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const [escrow] = await database.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.code, ESCROW));
    expect(escrow!.balanceFen).toBe(-10_000n);
  });

  it('never refunds more than the escrow holds, even with 20 refunds at once', async () => {
    const t = await tenant();
    await post(t, 'pay', pay(10_000n));
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => post(t, `refund-${i}`, refund(3_000n))),
    );
    const ok = attempts.filter((a) => a.status === 'fulfilled').length;
    expect(ok).toBe(3);
    expect(
      attempts.filter((a) => a.status === 'rejected').every((a) => a.reason.code === 'UNPROCESSABLE'),
    ).toBe(true);
    const [escrow] = await database.db
      .select()
      .from(ledgerAccounts)
      .where(sql`${ledgerAccounts.tenantId} = ${t} and ${ledgerAccounts.code} = ${ESCROW}`);
    expect(escrow!.balanceFen).toBe(-1_000n);
    expect((await verifyLedger(database.db)).ok).toBe(true);
  });

  it('keeps every invariant over random sequences of payments, refunds, settlements and deductions', async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('pay' as const), n: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ t: fc.constant('refund' as const), n: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ t: fc.constant('settle' as const), n: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ t: fc.constant('deposit' as const), n: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ t: fc.constant('deduct' as const), n: fc.integer({ min: 1, max: 50_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const t = await tenant();
        let paid = 0n;
        let refunded = 0n;
        for (const [i, o] of ops.entries()) {
          const n = BigInt(o.n);
          const lines: Record<typeof o.t, EntryLine[]> = {
            pay: pay(n),
            refund: refund(n),
            // Escrow → the merchant's pending settlement after the event.
            settle: [
              { account: ESCROW, amountFen: n },
              { account: PENDING, amountFen: -n },
            ],
            deposit: [
              { account: 'provider_clearing', amountFen: n },
              { account: DEPOSIT, amountFen: -n },
            ],
            // Compensation from the deposit to the consumer's refund payable.
            deduct: [
              { account: DEPOSIT, amountFen: n },
              { account: 'consumer_refunds_payable', amountFen: -n },
            ],
          };
          const r = await post(t, `op-${i}`, lines[o.t]).then(
            () => true,
            (e: { code?: string }) => {
              if (e.code !== 'UNPROCESSABLE') throw e;
              return false;
            },
          );
          if (r && o.t === 'pay') paid += n;
          if (r && o.t === 'refund') refunded += n;
        }
        expect(refunded).toBeLessThanOrEqual(paid);
        const v = await verifyLedger(database.db);
        expect(v.problems).toEqual([]);
      }),
      { numRuns: kind === 'pglite' ? 15 : 10 },
    );
  }, 120_000);

  it('refuses to edit or delete a posting', async () => {
    const t = await tenant();
    await post(t, 'p', pay(100n));
    await expect(
      database.db.execute(sql`update postings set amount_fen = 1 where tenant_id = ${t}`),
    ).rejects.toThrow();
  });
});
