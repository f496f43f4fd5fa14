import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { createTestDatabase, testDbKinds } from '../../test/db.js';
import { tenants } from '../tenants/tenants.table.js';
import { GENESIS_HASH, appendAudit, auditHash, verifyAuditChain } from './audit.repo.js';
import { auditEvents } from './audit.table.js';

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

  it('links events in the database exactly as Node hashes them, whatever their text', async () => {
    // accord_append_audit (migration 0025) hashes the canonical JSON Node sends around each seq: any
    // difference in bytes (escapes, non-ASCII, key order) would break the chain verifyAuditChain walks.
    const id = 'ten_bytes';
    await database.db.insert(tenants).values({ id, slug: 'bytes', name: 'bytes' });
    const texts = ['耳机左耳无声 🎧', 'quote " back\\slash', 'line\nbreak\ttab', '\u0001 control', 'é', ''];
    await database.db.transaction((tx) =>
      appendAudit(
        tx,
        texts.map((text, i) => ({
          tenantId: id,
          actor: { ...actor, name: text || 'x' },
          action: 'case.messaged',
          target: { type: 'case', id: `case_${i}` },
          caseId: i % 2 === 0 ? `case_${i}` : null,
          summary: { z: text, a: { nested: [1, text, null], amountFen: 10n ** 15n }, m: i },
          partyVisible: i % 2 === 1,
          requestId: i % 3 === 0 ? null : `req-${i}`,
        })),
        new Date(Date.UTC(2026, 9, 1, 1, 2, 3, 456)),
      ),
    );
    const rows = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.tenantId, id))
      .orderBy(asc(auditEvents.seq));
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(row.hash).toBe(auditHash(prev, row));
      prev = row.hash;
    }
    expect(await verifyAuditChain(database.db, { tenantId: id })).toMatchObject({ ok: true, events: 6 });
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
