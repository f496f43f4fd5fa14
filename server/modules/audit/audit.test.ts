import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { tenants } from '../tenants/tenants.table.js';
import { appendAudit, verifyAuditChain } from './audit.repo.js';

const actor = { type: 'user' as const, id: 'usr_1', role: 'admin', name: 'Admin' };

describe.each(testDbKinds)('audit chain on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function tenantWithEvents(slug: string, count: number): Promise<string> {
    const id = `ten_${slug}`;
    await database.db.insert(tenants).values({ id, slug, name: slug });
    for (let i = 0; i < count; i++) {
      await database.db.transaction((tx) =>
        appendAudit(
          tx,
          {
            tenantId: id,
            actor,
            action: 'order.upserted',
            target: { type: 'order', id: `ord_${i}` },
            summary: { amountFen: BigInt(100 + i), note: `第${i}笔` },
          },
          new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        ),
      );
    }
    return id;
  }

  it('verifies an untouched chain', async () => {
    const tenantId = await tenantWithEvents('clean', 5);
    const result = await verifyAuditChain(database.db, { tenantId });
    expect(result).toMatchObject({ ok: true, tenants: 1, events: 5 });
  });

  it('refuses UPDATE and DELETE at the database', async () => {
    const tenantId = await tenantWithEvents('guarded', 1);
    await expect(
      database.db.execute(sql`update audit_events set action = 'x' where tenant_id = ${tenantId}`),
    ).rejects.toThrow();
    await expect(
      database.db.execute(sql`delete from audit_events where tenant_id = ${tenantId}`),
    ).rejects.toThrow(/append-only|failed/i);
  });

  it('detects an edited row once the guard trigger is bypassed', async () => {
    const tenantId = await tenantWithEvents('edited', 4);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(
        sql`update audit_events set summary = '{"amountFen":"999999","note":"篡改"}' where tenant_id = ${tenantId} and seq = 2`,
      );
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    const result = await verifyAuditChain(database.db, { tenantId });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ seq: '2', problem: expect.stringMatching(/edited/) }),
    ]);
  });

  it('detects a row deleted from the middle and from the end', async () => {
    const tenantId = await tenantWithEvents('deleted', 5);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
      await tx.execute(sql`delete from audit_events where tenant_id = ${tenantId} and seq in (3, 5)`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    });
    const result = await verifyAuditChain(database.db, { tenantId });
    expect(result.ok).toBe(false);
    const text = result.problems.map((p) => `${p.seq}:${p.problem}`).join('\n');
    expect(text).toMatch(/4:missing events 3/);
    expect(text).toMatch(/deleted from the end/);
  });

  it('keeps seq gap-free under concurrent appends', async () => {
    const tenantId = await tenantWithEvents('concurrent', 0);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction((tx) =>
          appendAudit(
            tx,
            { tenantId, actor, action: 'x', target: { type: 't', id: String(i) }, summary: {} },
            new Date(),
          ),
        ),
      ),
    );
    const result = await verifyAuditChain(database.db, { tenantId });
    expect(result).toMatchObject({ ok: true, events: 20 });
  });
});
