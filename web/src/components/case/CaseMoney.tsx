import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Tag } from 'antd';
import { getCaseMoney, type CaseMoney as Money } from '../../api/cases';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { errorMessage } from '../../lib/error-message';
import { formatFen } from '../../lib/money';
import { enumLabel, remedyLabel } from './labels';
import { localText } from './Recommendation';
import { moneyKey } from './use-case';

const OPEN = new Set(['pending', 'sent', 'retrying']);
const STATUS_COLOR: Record<string, string> = {
  pending: 'processing',
  sent: 'processing',
  retrying: 'warning',
  succeeded: 'success',
  failed: 'error',
};

/** The money of a case; polled every few seconds while a refund is on its way. */
export function useCaseMoney(caseId: string) {
  return useQuery({
    queryKey: moneyKey(caseId),
    queryFn: ({ signal }) => getCaseMoney(caseId, signal),
    refetchInterval: (query) => (query.state.data?.refunds.some((r) => OPEN.has(r.status)) ? 3_000 : false),
  });
}

/** Whether the case has any money to show (a refund instructed). */
export const hasMoney = (m: Money | undefined) => (m?.refunds.length ?? 0) > 0;

/**
 * 款项 on a case, for the consumer, the merchant and staff: each refund — how much, for which remedy, who pays,
 * along the original payment, its status and history — and the totals; staff also see where it is funded
 * from, the provider's reference and any anomaly.
 */
export function CaseMoneyView({ money, staff = false }: { money: Money; staff?: boolean }) {
  const { t, language } = useI18n();
  return (
    <div className="case-money" data-testid="case-money">
      <div className="case-money__totals">
        <span>
          {t('money.paid')} <strong>{formatFen(money.totals.refundedFen)}</strong>
        </span>
        {money.totals.compensatedFen !== '0' ? (
          <span>
            {t('money.compensated')} <strong>{formatFen(money.totals.compensatedFen)}</strong>
          </span>
        ) : null}
        {money.totals.inFlightFen !== '0' ? (
          <span>
            {t('money.inFlight')} <strong>{formatFen(money.totals.inFlightFen)}</strong>
          </span>
        ) : null}
        {money.totals.failedFen !== '0' ? (
          <span>
            {t('money.failed')} <strong>{formatFen(money.totals.failedFen)}</strong>
          </span>
        ) : null}
      </div>
      <ul className="rec-remedies">
        {money.refunds.map((r) => (
          <li key={r.id} className="rec-remedy" data-testid="case-refund" data-kind={r.kind}>
            <div className="rec-remedy__head">
              <strong>{formatFen(r.amountFen)}</strong>
              <span>{remedyLabel(t, r.remedy)}</span>
              <Tag color={STATUS_COLOR[r.status] ?? 'default'}>{localText(r.statusLabel, language)}</Tag>
            </div>
            <div className="muted-small">
              {t('money.payer')}：{localText(r.payerLabel, language)} · {localText(r.routeLabel, language)}
            </div>
            <div className="muted-small">
              {t('money.created')} {formatDateTime(r.createdAt, language)}
              {r.settledAt ? ` · ${t('money.settled')} ${formatDateTime(r.settledAt, language)}` : ''}
            </div>
            {r.failureCode ? (
              <Alert
                type="error"
                showIcon
                className="section-gap"
                title={t('money.failure', { code: r.failureCode })}
              />
            ) : null}
            {staff && r.internal ? (
              <div className="muted-small">
                {t('money.fundedFrom')}：{r.internal.fundedFrom}
                {r.internal.providerRef ? ` · ${t('money.providerRef')}：${r.internal.providerRef}` : ''}
                {r.internal.anomaly ? ` · ${t('money.anomaly')}：${r.internal.anomaly}` : ''}
              </div>
            ) : null}
            {r.history.length > 1 ? (
              <ol className="rec-lines case-money__history">
                {r.history.map((h, i) => (
                  <li key={`${h.at}-${i}`} className="muted-small">
                    {formatDateTime(h.at, language)} · {enumLabel(t, 'money.status', h.status)}
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ul>
      {money.charges.length > 0 ? (
        <div className="section-gap" data-testid="case-money-charges">
          <strong>{t('money.charges')}</strong>
          <ul className="rec-lines">
            {money.charges.map((c) => (
              <li key={c.id} className="muted-small">
                {formatFen(c.amountFen)} · {localText(c.label, language)}
                {c.fromDepositFen !== '0'
                  ? ` · ${t('money.fromDeposit')} ${formatFen(c.fromDepositFen)}`
                  : ''}
                {c.fromFundFen !== '0' ? ` · ${t('money.fromFund')} ${formatFen(c.fromFundFen)}` : ''}
                {c.claim ? ` · ${t('money.claim', { recovered: formatFen(c.claim.recoveredFen) })}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The money section's body: nothing until a refund exists. */
export function CaseMoneySection({ caseId, staff = false }: { caseId: string; staff?: boolean }) {
  const { t } = useI18n();
  const query = useCaseMoney(caseId);
  if (query.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (query.isError) return <Alert type="warning" showIcon title={errorMessage(query.error, t)} />;
  if (!hasMoney(query.data)) return <p className="muted-small">{t('money.none')}</p>;
  return <CaseMoneyView money={query.data} staff={staff} />;
}
