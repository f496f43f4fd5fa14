/**
 * The chart of accounts (PRODUCT.md "Money"; issue #6). Pure: which kind an account code is and whether its
 * balance may go negative. Debit-positive convention: a posting of +x debits, −x credits.
 */
export type AccountKind = 'asset' | 'liability' | 'income' | 'expense';

type Spec = { kind: AccountKind; allowNegative: boolean; label: { zh: string; en: string } };

const FIXED: Record<string, Spec> = {
  // Money the provider holds for the platform; refunds draw it down, collections fill it.
  provider_clearing: {
    kind: 'asset',
    allowNegative: true,
    label: { zh: '支付渠道清算', en: 'payment-provider clearing' },
  },
  consumer_refunds_payable: {
    kind: 'liability',
    allowNegative: false,
    label: { zh: '应付消费者退款', en: 'consumer refunds payable' },
  },
  guarantee_fund: {
    kind: 'liability',
    allowNegative: false,
    label: { zh: '消费者保障基金', en: 'guarantee fund' },
  },
  platform_advances: {
    kind: 'asset',
    allowNegative: false,
    label: { zh: '平台先行赔付（待追偿）', en: 'platform advances (to recover)' },
  },
  penalty_income: { kind: 'income', allowNegative: false, label: { zh: '违约金收入', en: 'penalty income' } },
  fee_income: { kind: 'income', allowNegative: false, label: { zh: '服务费收入', en: 'fee income' } },
  testing_fees: { kind: 'expense', allowNegative: false, label: { zh: '检测费用', en: 'testing fees' } },
};

const PER_PARTY: Record<string, Spec> = {
  ticket_escrow: { kind: 'liability', allowNegative: false, label: { zh: '票款托管', en: 'ticket escrow' } },
  merchant_pending: {
    kind: 'liability',
    allowNegative: false,
    label: { zh: '商家待结算', en: 'merchant pending settlement' },
  },
  merchant_deposit: {
    kind: 'liability',
    allowNegative: false,
    label: { zh: '商家保证金', en: 'merchant deposit' },
  },
  merchant_recovery: {
    kind: 'asset',
    allowNegative: false,
    label: { zh: '对商家的追偿债权', en: 'recovery claim on merchant' },
  },
};

/** The spec of an account code, or undefined for a code that is not in the chart. */
export function accountSpec(code: string): Spec | undefined {
  if (FIXED[code]) return FIXED[code];
  const [prefix, party] = code.split(':');
  return prefix && party && /^[a-z]{2,6}_[0-9a-z]{8,40}$/.test(party) ? PER_PARTY[prefix] : undefined;
}

/** Whether a balance is allowed, by the account's normal side: liabilities and income are credit (negative) balances. */
export function balanceAllowed(code: string, balanceFen: bigint): boolean {
  const spec = accountSpec(code);
  if (!spec) return false;
  if (spec.allowNegative) return true;
  const creditNormal = spec.kind === 'liability' || spec.kind === 'income';
  return creditNormal ? balanceFen <= 0n : balanceFen >= 0n;
}

export function accountLabel(code: string): { zh: string; en: string } {
  return accountSpec(code)?.label ?? { zh: code, en: code };
}
