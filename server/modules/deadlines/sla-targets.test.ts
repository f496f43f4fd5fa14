import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_TARGETS, SlaTargetSchema, slaDeadlinesFor } from './sla-targets.js';

describe('SLA targets', () => {
  it('are valid policy data', () => {
    for (const t of DEFAULT_SLA_TARGETS) expect(SlaTargetSchema.parse(t)).toEqual(t);
  });

  it('open the 24 h first response for every case, 72 h solution only for complex, 10 working days only for major', () => {
    const base = { tenantId: 't', caseId: 'case_1', startsAt: new Date('2026-11-02T01:00:00Z') };
    const plain = slaDeadlinesFor(DEFAULT_SLA_TARGETS, { ...base, complex: false, major: false }).map(
      (d) => d.kind,
    );
    expect(plain).toEqual(['first_response', 'handling_yardstick', 'mediation_yardstick']);
    const major = slaDeadlinesFor(DEFAULT_SLA_TARGETS, { ...base, complex: true, major: true });
    expect(major.map((d) => [d.kind, d.target])).toEqual([
      ['first_response', { unit: 'hours', amount: 24 }],
      ['solution', { unit: 'hours', amount: 72 }],
      ['progress_report', { unit: 'working_days', amount: 10 }],
      ['handling_yardstick', { unit: 'working_days', amount: 7 }],
      ['mediation_yardstick', { unit: 'calendar_days', amount: 60 }],
    ]);
    expect(major.every((d) => d.owner === 'platform' && d.subject.id === 'case_1')).toBe(true);
  });
});
