import type { EvalContext } from './evaluation-context.js';
import type { VoucherPack } from './policy.schema.js';
import type { EvidencePlan } from './result.js';

/**
 * seed 002 §24: who pays for a test. Asked for by the platform: the merchant if the goods are defective or
 * fake, else the consumer (damage during testing follows the fee). A test the consumer ran on their own
 * initiative is always at the consumer's cost (§24 ¶2).
 */
export function testingFeePayer(
  result: 'defective' | 'counterfeit' | 'conforming',
  requestedByPlatform: boolean,
): 'claimant' | 'respondent' {
  if (!requestedByPlatform) return 'claimant';
  return result === 'conforming' ? 'claimant' : 'respondent';
}

/**
 * Burden of proof for a voucher case (seed 002 §21–§25): a quality or mismatch problem visible by eye is
 * decided from photos (§23); a quality or counterfeit claim not visible by eye needs the merchant's
 * distributor proof, certificate of conformity and invoices (§22), then the consumer's test report (§24),
 * whose fee follows the result. Null for other categories, or when the pack states no evidence rule for it.
 */
export function voucherEvidence(ctx: EvalContext<VoucherPack>): EvidencePlan | null {
  const { category, goods, voucher } = ctx.facts;
  const ev = ctx.pack.evidence;
  const visible = goods?.visibleByEye === true;
  if (visible && ev.photosSuffice && (category === 'quality' || category === 'not_as_described')) {
    return {
      decidedOn: 'photos',
      steps: [
        {
          party: 'claimant',
          provides: { zh: '商品图片', en: 'Photos of the goods' },
          clause: ev.photosSuffice.clause,
        },
      ],
      testingFee: null,
    };
  }
  if ((category !== 'quality' && category !== 'counterfeit') || !ev.merchantDocuments) return null;
  const steps: EvidencePlan['steps'] = [
    {
      party: 'respondent',
      provides: {
        zh: '厂家的经销凭证、产品合格证、商业发票等证明文件',
        en: "The manufacturer's distribution proof, certificate of conformity and commercial invoices",
      },
      clause: ev.merchantDocuments.clause,
    },
  ];
  if (!ev.testReport) return { decidedOn: 'documents_then_test', steps, testingFee: null };
  steps.push({
    party: 'claimant',
    provides: { zh: '口碑要求的检测凭证', en: 'The test report the platform asks for' },
    clause: ev.testReport.clause,
  });
  const testing = voucher?.testing;
  return {
    decidedOn: 'documents_then_test',
    steps,
    testingFee: {
      ifDefective: 'respondent',
      ifConforming: 'claimant',
      selfInitiated: 'claimant',
      payer: testing ? testingFeePayer(testing.result, testing.requestedByPlatform) : null,
      clause:
        testing && !testing.requestedByPlatform && ev.selfInitiatedTest
          ? ev.selfInitiatedTest.clause
          : ev.testReport.clause,
    },
  };
}
