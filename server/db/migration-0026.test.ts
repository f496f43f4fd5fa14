import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from './client.js';
import { createTestDatabase, migrationsUpTo, testDbKinds } from '../test/db.js';

// Migration 0026 moves each case's copy of its policy into case_policies, one row per distinct content.
describe.each(testDbKinds)('migration 0026 (case policies stored once) on %s', (kind) => {
  const folder = migrationsUpTo('0025_audit_append');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps every case on exactly the policy it had, one stored row per distinct policy, intervenedAt on the case', async () => {
    const database = await createTestDatabase(kind, { migrationsFolder: folder });
    try {
      const { db } = database;
      const pack = { id: 'ecommerce-law', version: 1, kind: 'ecommerce' };
      const policies = [
        { id: 'default', version: '1', windows: { acceptance_review: { days: 1, unit: '工作日' } } },
        { id: 'default', version: '2', nested: { list: [1, 2, { deep: 'é"\\\\' }] } },
        // Two cases under one pack version, stepped into at different times: one snapshot after the move.
        { id: 'ecommerce-law', version: '1', pack: { ...pack, intervenedAt: '2026-11-20T02:00:00.000Z' } },
        { id: 'ecommerce-law', version: '1', pack: { ...pack, intervenedAt: '2026-11-21T03:04:05.678Z' } },
      ];
      const insertCase = (i: number, policy: unknown) =>
        db.execute(sql`insert into cases (id, tenant_id, number, kind, stage, is_open, channel, category, scenario,
            claimant_id, respondent_merchant_id, title, description, requested_remedy, requested_amount_fen, team,
            filed_by, policy, stage_entered_at, created_at, updated_at)
          values (${`case_${i}`}, 'ten_1', ${`AC-2026-00000${i}`}, 'complaint', 'acceptance_review', true, 'web',
            'quality', 'ecommerce', 'usr_1', 'mer_1', 't', 'd', 'full_refund', 100, 'goods',
            '{"type":"user","id":"usr_1"}'::jsonb, ${JSON.stringify(policy)}::jsonb, now(), now(), now())`);
      await insertCase(1, policies[0]);
      await insertCase(2, policies[1]);
      await insertCase(3, policies[0]);
      await insertCase(4, policies[2]);
      await insertCase(5, policies[3]);

      await database.migrate();

      const rows = await queryRows<{
        id: string;
        key: string;
        policy: unknown;
        intervened_at: string | null;
      }>(
        db,
        sql`select c.id, c.policy_key as key, p.policy,
                   to_char(c.intervened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as intervened_at
              from cases c join case_policies p on p.key = c.policy_key
             order by c.id`,
      );
      const packPolicy = { id: 'ecommerce-law', version: '1', pack };
      expect(rows.map((r) => r.policy)).toEqual([
        policies[0],
        policies[1],
        policies[0],
        packPolicy,
        packPolicy,
      ]);
      expect(rows.map((r) => r.intervened_at)).toEqual([
        null,
        null,
        null,
        '2026-11-20T02:00:00.000Z',
        '2026-11-21T03:04:05.678Z',
      ]);
      expect(rows[0]!.key).toBe(rows[2]!.key);
      expect(rows[3]!.key).toBe(rows[4]!.key);
      expect(new Set(rows.map((r) => r.key)).size).toBe(3);
      expect(rows[0]!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
      const [stored] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from case_policies`);
      expect(stored!.n).toBe(3);
      const [column] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from information_schema.columns where table_name = 'cases' and column_name = 'policy'`,
      );
      expect(column!.n).toBe(0);
      // The reference is enforced: a case cannot point at a policy that is not stored.
      await expect(
        db.execute(sql`update cases set policy_key = 'sha256:none' where id = 'case_1'`),
      ).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
