import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import { parsePolicyPack, serializePolicyPack } from './pack-io.js';
import { BUILT_IN_PACKS, eventTicketsPack } from './packs/index.js';
import { variant } from './policy-fixtures.js';
import { CaseFactsSchema } from './facts.schema.js';
import { PolicyPackSchema } from './policy.schema.js';

function issuesOf(input: unknown): string[] {
  const parsed = PolicyPackSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('policy pack schema', () => {
  it('accepts every built-in pack, and each clause a rule names is quoted in the pack', () => {
    for (const pack of BUILT_IN_PACKS) {
      expect(issuesOf(pack)).toEqual([]);
      for (const clause of pack.clauses) expect(clause.quote.length).toBeGreaterThan(3);
    }
  });

  it('round-trips through stored JSON (fen as digit strings) unchanged', () => {
    for (const pack of BUILT_IN_PACKS) {
      const stored = JSON.parse(JSON.stringify(serializePolicyPack(pack))) as unknown;
      expect(parsePolicyPack(stored)).toEqual(pack);
    }
  });

  it('refuses a rule that names a clause the pack does not list', () => {
    const draft = serializePolicyPack(eventTicketsPack) as {
      remedies: { standardRefund: { clause: string } };
    };
    draft.remedies.standardRefund.clause = '31huiyi §9.9';
    expect(issuesOf(draft)).toEqual([
      'remedies.standardRefund.clause: clause 31huiyi §9.9 is not listed in clauses',
    ]);
  });

  it('refuses duplicate clause ids', () => {
    const draft = serializePolicyPack(eventTicketsPack) as { clauses: unknown[] };
    draft.clauses.push(draft.clauses[0]);
    expect(issuesOf(draft)).toContainEqual(expect.stringMatching(/duplicate clause id 31huiyi §\(三\)1/));
  });

  it('refuses an event-ticket pack whose refund window N is below 7 days (seed 000 §2.1 a)', () => {
    const draft = serializePolicyPack(eventTicketsPack) as { settings: Record<string, { value: unknown }> };
    draft.settings.defaultRefundWindowDays!.value = 6;
    expect(issuesOf(draft)[0]).toMatch(/^settings\.defaultRefundWindowDays\.value: /);
    draft.settings.defaultRefundWindowDays!.value = 8;
    draft.settings.minRefundWindowDays!.value = 9;
    expect(issuesOf(draft)).toEqual([
      "settings.defaultRefundWindowDays.value: the default refund window (8 days) is below the pack's minimum (9 days)",
    ]);
  });

  it('refuses unknown fields and fractional multipliers: no floats near money', () => {
    expect(issuesOf({ ...(serializePolicyPack(eventTicketsPack) as object), extra: 1 })).toHaveLength(1);
    expect(() =>
      variant(eventTicketsPack, (d) => {
        d.amounts.conditionalDeductionCap.basisPoints = 12.5;
      }),
    ).toThrow(DomainError);
  });

  it('reports every problem as a field error', () => {
    try {
      parsePolicyPack({ id: 'x', kind: 'voucher' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).fields.length).toBeGreaterThan(3);
    }
  });
});

describe('case facts over HTTP', () => {
  it('parses instants with an offset and fen as digit strings, and refuses unknown fields', () => {
    const facts = CaseFactsSchema.parse({
      category: 'partly_performed',
      filedAt: '2026-03-12T10:00:00+08:00',
      findings: { fraud: false },
      voucher: {
        performance: {
          kind: 'partial',
          parts: [
            { weight: '3', performed: true },
            { weight: 1, performed: false },
          ],
        },
      },
    });
    expect(facts.filedAt).toEqual(new Date('2026-03-12T02:00:00Z'));
    expect(facts.voucher?.performance).toEqual({
      kind: 'partial',
      parts: [
        { weight: 3n, performed: true },
        { weight: 1n, performed: false },
      ],
    });
    expect(
      CaseFactsSchema.safeParse({
        category: 'other',
        filedAt: '2026-03-12T10:00:00',
        extra: 1,
      }).error?.issues.map((i) => i.path.join('.')),
    ).toEqual(['filedAt', '']);
  });
});
