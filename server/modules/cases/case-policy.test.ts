import { describe, expect, it } from 'vitest';
import { ecommerceLawPack, parsePolicyPack, serializePolicyPack } from '../policy/index.js';
import { casePolicyFromPack, DEFAULT_CASE_POLICY } from './case-policy.js';

describe('case policy: when an agreement is carried out', () => {
  it('is immediate by default, in the fallback policy and in the built-in packs', () => {
    expect(DEFAULT_CASE_POLICY.agreementExecution).toBe('immediate');
    expect(casePolicyFromPack(ecommerceLawPack).agreementExecution).toBe('immediate');
  });

  it('follows the pack when it waits for the appeal window', () => {
    const pack = {
      ...ecommerceLawPack,
      settings: {
        ...ecommerceLawPack.settings,
        agreementExecution: { value: 'after_appeal_window' as const, clause: 'kumai §二 复议申请' },
      },
    };
    expect(casePolicyFromPack(pack).agreementExecution).toBe('after_appeal_window');
  });

  it('reads a version stored before the setting existed as the default', () => {
    const stored = serializePolicyPack(ecommerceLawPack) as { settings: Record<string, unknown> };
    delete stored.settings.agreementExecution;
    expect(parsePolicyPack(stored).settings.agreementExecution.value).toBe('immediate');
  });
});
