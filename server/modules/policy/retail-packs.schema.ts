import { z } from 'zod';
import { base, commonSettings, noReasonExclusions, R, scopeExclusions, W, X } from './pack-base.schema.js';
import {
  MinimumRuleSchema,
  MultiplierRuleSchema,
  RateRuleSchema,
  settingSchema,
} from './policy-parts.schema.js';

/** E-commerce under the law. */
export const EcommercePackSchema = z
  .object({
    ...base,
    kind: z.literal('ecommerce'),
    scenario: z.literal('ecommerce'),
    settings: z
      .object({
        ...commonSettings,
        noReasonRefundIncludesShipping: settingSchema(z.boolean()),
        threeGuaranteesFrom: settingSchema(z.enum(['delivery', 'sale'])),
      })
      .strict(),
    windows: z
      .object({
        noReasonReturn: W,
        noReasonRefund: W,
        qualityReturn: W,
        threeGuaranteesReturn: W,
        threeGuaranteesExchange: W,
      })
      .strict(),
    remedies: z
      .object({
        noReasonReturn: R,
        qualityReturn: R,
        threeGuaranteesReturn: R,
        threeGuaranteesExchange: R,
        repairOrExchange: R,
        notAsDescribedReturn: R,
        notDeliveredRefund: R,
        fraudCompensation: R,
        foodCompensation: R,
      })
      .strict(),
    amounts: z
      .object({
        fraudMultiplier: MultiplierRuleSchema,
        fraudMinimum: MinimumRuleSchema,
        foodPriceMultiplier: MultiplierRuleSchema,
        foodLossMultiplier: MultiplierRuleSchema,
        foodMinimum: MinimumRuleSchema,
      })
      .strict(),
    exclusions: z
      .object({
        ...scopeExclusions,
        ...noReasonExclusions,
        fraudLabelFlaw: X,
        fraudManufacturedClaim: X,
        foodLabelFlaw: X,
      })
      .strict(),
  })
  .strict();

/** The consumer guarantee plan (seed 004). */
export const GuaranteePlanPackSchema = z
  .object({
    ...base,
    kind: z.literal('guarantee_plan'),
    scenario: z.literal('ecommerce'),
    settings: z
      .object({
        ...commonSettings,
        noReasonRefundIncludesShipping: settingSchema(z.boolean()),
        tenfoldIncludesRefund: settingSchema(z.boolean()),
        tenfoldCoversSeriousQuality: settingSchema(z.boolean()),
      })
      .strict(),
    windows: z.object({ claim: W, noReasonReturn: W, noReasonRefund: W }).strict(),
    remedies: z
      .object({
        counterfeitTenfold: R,
        qualityReturn: R,
        asDescribed: R,
        honestShipping: R,
        noReasonReturn: R,
        depositDeduction: R,
        guaranteeFund: R,
      })
      .strict(),
    amounts: z
      .object({
        counterfeitMultiplier: MultiplierRuleSchema,
        asDescribedCompensation: RateRuleSchema,
        honestShippingCompensation: RateRuleSchema,
      })
      .strict(),
    exclusions: z.object({ ...scopeExclusions, ...noReasonExclusions, maliciousClaim: X }).strict(),
  })
  .strict();
