import { z } from 'zod';
import { FenInputSchema } from '../../../common/money.js';
import { COMPLAINT_CATEGORIES, FINDINGS, NO_REASON_EXEMPT_CATEGORIES, type CaseFacts } from './facts.js';

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const Fen = FenInputSchema;
const flag = z.boolean().optional();

const GoodsSchema = z
  .object({
    exemptCategory: z.enum(NO_REASON_EXEMPT_CATEGORIES).optional(),
    exemptionConfirmedAtPurchase: flag,
    intact: flag,
    performanceFault: flag,
    visibleByEye: flag,
    returnReceivedAt: Instant.optional(),
    freightOnMerchantAgreed: flag,
    isFood: flag,
    lossFen: Fen.optional(),
    dangerCausedLoss: flag,
  })
  .strict();

const PerformanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('refused') }).strict(),
  z
    .object({
      kind: z.literal('partial'),
      parts: z
        .array(z.object({ weight: Fen, performed: z.boolean() }).strict())
        .min(1)
        .max(1000),
      usableAlone: flag,
      valueImpaired: flag,
    })
    .strict(),
]);

const VoucherSchema = z
  .object({
    transactionSucceededAt: Instant.optional(),
    threeGuarantees: flag,
    performance: PerformanceSchema.optional(),
    merchantPerformed: flag,
    priceRaise: z
      .object({ extraFen: Fen, accepted: z.boolean(), causedByConsumer: flag })
      .strict()
      .optional(),
    acceptedDifferentItemAtStore: flag,
    testing: z
      .object({
        requestedByPlatform: z.boolean(),
        result: z.enum(['defective', 'counterfeit', 'conforming']),
      })
      .strict()
      .optional(),
  })
  .strict();

const TicketSchema = z
  .object({
    physicalTicket: flag,
    physicalTicketReturnedAt: Instant.optional(),
    returnGuidanceAt: Instant.optional(),
    priorConditionalRefund: flag,
    repurchaseAfterConditionalRefund: flag,
    organizerDecision: z
      .object({ agreed: z.boolean(), deductionFen: Fen.optional(), confirmedAt: Instant })
      .strict()
      .optional(),
    cancellation: z
      .object({
        cause: z.enum(['organizer', 'force_majeure']),
        announcedAt: Instant,
        planConfirmedAt: Instant.optional(),
        nonRefundableCostFen: Fen.optional(),
        costsDocumented: flag,
        deductionDisputed: flag,
      })
      .strict()
      .optional(),
    changes: z
      .array(z.object({ kind: z.enum(['postponed', 'rescheduled']), announcedAt: Instant }).strict())
      .max(50)
      .optional(),
    canAttendNewDate: flag,
    serviceFeeRefundable: flag,
    insurancePaidFen: Fen.optional(),
  })
  .strict();

/**
 * Case facts as they arrive over HTTP (instants as ISO 8601 with an offset, fen as integers or digit
 * strings), parsed into {@link CaseFacts}. Strict: an unknown field is an error, not silently ignored.
 */
export const CaseFactsSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES),
    filedAt: Instant,
    firstRequestedAt: Instant.optional(),
    requested: z.object({ amountFen: Fen.optional() }).strict().optional(),
    noReasonReturn: flag,
    urgent: flag,
    unrelatedToTrade: flag,
    priorRejection: flag,
    settlement: z.object({ refundFen: Fen, performed: z.boolean() }).strict().optional(),
    conduct: z
      .object({ malicious: flag, forProfit: flag, knowinglyBoughtFake: flag, fabricated: flag })
      .strict()
      .optional(),
    findings: z.partialRecord(z.enum(FINDINGS), z.boolean()).optional(),
    goods: GoodsSchema.optional(),
    voucher: VoucherSchema.optional(),
    ticket: TicketSchema.optional(),
    live: z
      .object({
        item: z.enum(['virtual_gift', 'virtual_currency', 'membership']).optional(),
        renewal: z
          .object({ noticeBeforeStart: z.boolean(), noticeBeforeRenewal: z.boolean() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    guarantee: z
      .object({ receiptConfirmedAt: Instant.optional(), depositAvailableFen: Fen.optional() })
      .strict()
      .optional(),
  })
  .strict();

// Compile-time check that the schema's output is a CaseFacts (the type is the contract; the schema serves it).
const _schemaMatchesType = (facts: z.output<typeof CaseFactsSchema>): CaseFacts => facts;
void _schemaMatchesType;
