/**
 * What `evaluate` reads: the facts of a case (as known so far), the order and, for tickets, its event.
 * Instants are Dates; the policy turns them into Asia/Shanghai days through the calendar module. Every
 * amount is bigint fen. An absent optional fact means "not known yet": the recommendation then lists the
 * findings it still depends on (`pendingFindings`) instead of guessing.
 */

/** Complaint categories (glossary 投诉类目). */
export const COMPLAINT_CATEGORIES = [
  'quality',
  'not_as_described',
  'counterfeit',
  'not_delivered',
  'late_delivery',
  'service_not_performed',
  'partly_performed',
  'price_raised_on_site',
  'ticket_refund',
  'virtual_goods',
  'membership_auto_renewal',
  'fake_transaction',
  'review_dispute',
  'privacy',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/**
 * Findings the investigation establishes: true = established, false = ruled out, absent = open. A
 * recommendation that needs an open finding names it in `pendingFindings`.
 */
export const FINDINGS = [
  'counterfeit',
  'illegal_goods',
  'quality_defect',
  'serious_quality_problem',
  'not_as_described',
  'fraud',
  'food_safety_violation',
  'label_flaw_only',
  'not_delivered',
  'shipping_breach',
  'misunderstanding',
  /** Pending marker only: the organizer has not answered a late ticket refund (use ticket.organizerDecision). */
  'organizer_agreed',
] as const;
export type Finding = (typeof FINDINGS)[number];

/** Goods exempt from the 7-day no-reason return by law (消法 Art. 25 (一)–(四)). */
export const NO_REASON_EXEMPT_CATEGORIES = [
  'made_to_order',
  'perishable',
  'unsealed_digital',
  'periodicals',
] as const;
export type NoReasonExemptCategory = (typeof NO_REASON_EXEMPT_CATEGORIES)[number];

/** Facts about physical goods (e-commerce, guarantee plan, voucher goods). */
export type GoodsFacts = {
  /** A statutory exempt category (消法 Art. 25 (一)–(四)). */
  exemptCategory?: NoReasonExemptCategory;
  /** The consumer confirmed at checkout that these goods are not returnable (消法 Art. 25 ¶2; 实施条例 Art. 19). */
  exemptionConfirmedAtPurchase?: boolean;
  /** 完好: original quality, function, accessories and labels (opening to inspect still counts). */
  intact?: boolean;
  /** A performance fault (性能故障) of goods under 三包. */
  performanceFault?: boolean;
  /** The defect or mismatch can be judged by eye (seed 002 §13(一)1, §23). */
  visibleByEye?: boolean;
  /** When the merchant received the returned goods: starts its 7-day refund period. */
  returnReceivedAt?: Date;
  /** The parties agreed the merchant pays the return freight of a no-reason return. */
  freightOnMerchantAgreed?: boolean;
  /** The goods are food (食品安全法 Art. 148). */
  isFood?: boolean;
  /** The consumer's proven loss, for 3× loss (食品安全法 Art. 148) and loss compensation. */
  lossFen?: bigint;
  /** An unreasonable danger caused the consumer a loss (seed 002 §16). */
  dangerCausedLoss?: boolean;
};

/** One part of a partly performed service; `weight` is its share of the price (list price or units). */
export type PerformancePart = { weight: bigint; performed: boolean };

/** Local-services voucher facts (seed 002). */
export type VoucherFacts = {
  /** 交易成功 (seed 002 §26(二)1, 3); defaults to the order's redemption time. */
  transactionSucceededAt?: Date;
  /** The goods are covered by 三包 and the dispute is within its scope (seed 002 §26(二)2). */
  threeGuarantees?: boolean;
  /** How the merchant performed (seed 002 §19): refused outright, or in part. */
  performance?:
    | { kind: 'refused' }
    | { kind: 'partial'; parts: PerformancePart[]; usableAlone?: boolean; valueImpaired?: boolean };
  /** The merchant had already performed substantially or completely, as agreed (seed 002 §18). */
  merchantPerformed?: boolean;
  /** The merchant raised the price on site (seed 002 §19(三)). */
  priceRaise?: { extraFen: bigint; accepted: boolean; causedByConsumer?: boolean };
  /** What was redeemed at the store differs from the listing and the consumer took it (seed 002 §27(三)). */
  acceptedDifferentItemAtStore?: boolean;
  /** A test report (seed 002 §24): who asked for it and what it found. */
  testing?: { requestedByPlatform: boolean; result: 'defective' | 'counterfeit' | 'conforming' };
};

/** An announced change of the event (seed 000 §2.2–§2.4). */
export type EventChange = { kind: 'postponed' | 'rescheduled'; announcedAt: Date };

/** Event-ticket facts (seed 000 §(三)). */
export type TicketFacts = {
  /** Paper tickets or RFID wristbands were made or sent (seed 000 §2.2 b). */
  physicalTicket?: boolean;
  physicalTicketReturnedAt?: Date;
  /** When the platform told the holder how to send tickets back; defaults to the cancellation notice. */
  returnGuidanceAt?: Date;
  /** This order already had its one conditional refund (seed 000 §2.1 c). */
  priorConditionalRefund?: boolean;
  /** The order was bought again after a conditional refund (seed 000 §2.1 c). */
  repurchaseAfterConditionalRefund?: boolean;
  /** The organizer's answer to a late request (seed 000 §2.1 b). */
  organizerDecision?: { agreed: boolean; deductionFen?: bigint; confirmedAt: Date };
  /** The event was cancelled (seed 000 §2.2, §2.4). */
  cancellation?: {
    cause: 'organizer' | 'force_majeure';
    announcedAt: Date;
    planConfirmedAt?: Date;
    /** This order's share of the non-refundable third-party costs the organizer listed (§2.4 b). */
    nonRefundableCostFen?: bigint;
    /** The organizer published the costs with vouchers (§2.4 b); otherwise nothing is deducted. */
    costsDocumented?: boolean;
    /** The holder disputes the deduction (§2.4 b: mediation or arbitration). */
    deductionDisputed?: boolean;
  };
  /** Postponements and later changes, oldest first (seed 000 §2.3). */
  changes?: EventChange[];
  /** The holder can attend the new date (then §2.3 gives no refund right). */
  canAttendNewDate?: boolean;
  /** What the event page says about the service fee; absent = the page is silent. */
  serviceFeeRefundable?: boolean;
  /** What cancellation insurance paid for this order (seed 000 §2.4 c). */
  insurancePaidFen?: bigint;
};

/** Live-streaming facts (seed 001; 实施条例 Art. 10). */
export type LiveFacts = {
  item?: 'virtual_gift' | 'virtual_currency' | 'membership';
  /** For an auto-renewal charge: whether each conspicuous notice of 实施条例 Art. 10 ¶2 was given. */
  renewal?: { noticeBeforeStart: boolean; noticeBeforeRenewal: boolean };
};

/** Facts of one case as the handler knows them; see the module doc for "absent = open". */
export type CaseFacts = {
  category: ComplaintCategory;
  /** When the case reached the platform (complaint filed or 申请平台介入). */
  filedAt: Date;
  /** When the consumer first asked the respondent (售后申请, 退票申请); windows are judged on it. Default filedAt. */
  firstRequestedAt?: Date;
  /** What the claimant asks for. */
  requested?: { amountFen?: bigint };
  /** The consumer invokes the 7-day no-reason return (消法 Art. 25). */
  noReasonReturn?: boolean;
  urgent?: boolean;
  /** Unrelated to any trade, e.g. a personal quarrel (seed 001 初步审核). */
  unrelatedToTrade?: boolean;
  /** The platform already rejected this claim once (seed 002 §27(四)). */
  priorRejection?: boolean;
  /** A refund the parties agreed themselves (seed 002 §27(二)). */
  settlement?: { refundFen: bigint; performed: boolean };
  /** Claims outside genuine consumption (seed 004 第九条; 实施条例 Art. 49 ¶2). */
  conduct?: { malicious?: boolean; forProfit?: boolean; knowinglyBoughtFake?: boolean; fabricated?: boolean };
  findings?: Partial<Record<Finding, boolean>>;
  goods?: GoodsFacts;
  voucher?: VoucherFacts;
  ticket?: TicketFacts;
  live?: LiveFacts;
  /** Guarantee plan (seed 004 第六–八条): confirmed receipt and the merchant's deposit available. */
  guarantee?: { receiptConfirmedAt?: Date; depositAvailableFen?: bigint };
};

/** The event of a ticket order (orders module `events` row). */
export type PolicyEvent = {
  startsAt: Date;
  endsAt: Date;
  /** N: days before the start until which a refund is instant (seed 000 §2.1 a); at least 7. */
  refundWindowDays: number;
  status: string;
};

/** The order as `evaluate` needs it: the orders module's row (bigint fen, Dates) plus its event. */
export type PolicyOrder = {
  scenario: string;
  goodsFen: bigint;
  discountFen: bigint;
  taxFen: bigint;
  serviceFeeFen: bigint;
  shippingFen: bigint;
  totalFen: bigint;
  refundedFen: bigint;
  paidAt: Date;
  shippedAt?: Date | null;
  signedAt?: Date | null;
  redeemedAt?: Date | null;
  event?: PolicyEvent | null;
};
