import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { KpiCards, type Kpi } from '../../components/KpiCards';
import {
  getMerchantMoney,
  getMerchantStanding,
  type MerchantDeduction,
  type MerchantHold,
  type MerchantStanding,
  type RecoveryClaim,
} from '../../api/standing';
import { useSession } from '../../auth/session';
import { enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { MoneyMovements } from './MoneyMovements';
import { Section, SectionTable } from './sections';

/** A share as a whole percentage, or "none yet" when there is nothing to divide by. */
function share(t: Translate, part: number, whole: number): string {
  return whole === 0 ? t('standing.score.none') : `${Math.round((part / whole) * 100)}%`;
}

function scoreKpis(t: Translate, s: MerchantStanding): Kpi[] {
  const settled = s.deadlines.met + s.deadlines.breached;
  return [
    {
      key: 'on-time',
      title: t('standing.score.onTime'),
      value: share(t, s.deadlines.met, settled),
      detail: t('standing.score.onTimeDetail', { met: s.deadlines.met, breached: s.deadlines.breached }),
      danger: settled > 0 && s.deadlines.breached / settled > 0.1,
    },
    {
      key: 'against',
      title: t('standing.score.against'),
      value: share(t, s.cases.decidedAgainst, s.cases.decided),
      detail: t('standing.score.againstDetail', {
        decided: s.cases.decided,
        against: s.cases.decidedAgainst,
      }),
    },
    {
      key: 'cases',
      title: t('standing.score.cases'),
      value: String(s.cases.total),
      detail: t('standing.score.casesDetail', { total: s.cases.total, open: s.cases.open }),
    },
  ];
}

const caseLink = (caseId: string | null, label?: string) =>
  caseId ? (
    <Link to={`/inbox/${encodeURIComponent(caseId)}`} className="mono">
      {label ?? caseId}
    </Link>
  ) : (
    '—'
  );

function holdColumns(t: Translate, language: Language): TableColumnsType<MerchantHold> {
  return [
    {
      key: 'amount',
      title: t('standing.col.amount'),
      render: (_: unknown, h) => (
        <strong>{h.amountFen ? formatFen(h.amountFen) : t('standing.hold.all')}</strong>
      ),
    },
    { key: 'reason', title: t('standing.col.reason'), dataIndex: 'reason' },
    { key: 'case', title: t('standing.col.case'), render: (_: unknown, h) => caseLink(h.caseId) },
    {
      key: 'status',
      title: t('standing.col.status'),
      render: () => <Tag color="orange">{t('standing.hold.active')}</Tag>,
    },
    {
      key: 'at',
      title: t('standing.col.at'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

function deductionColumns(t: Translate, language: Language): TableColumnsType<MerchantDeduction> {
  return [
    {
      key: 'amount',
      title: t('standing.col.amount'),
      render: (_: unknown, d) => <strong>{formatFen(d.amountFen)}</strong>,
    },
    {
      key: 'detail',
      title: t('standing.col.detail'),
      render: (_: unknown, d) => (
        <div className="muted-small">
          <div>{t('standing.deduction.fromDeposit', { amount: formatFen(d.fromDepositFen) })}</div>
          {BigInt(d.fromFundFen) > 0n ? (
            <div>{t('standing.deduction.fromFund', { amount: formatFen(d.fromFundFen) })}</div>
          ) : null}
        </div>
      ),
    },
    { key: 'reason', title: t('standing.col.reason'), dataIndex: 'reason' },
    { key: 'case', title: t('standing.col.case'), render: (_: unknown, d) => caseLink(d.caseId) },
    {
      key: 'at',
      title: t('standing.col.at'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

function claimColumns(t: Translate, language: Language): TableColumnsType<RecoveryClaim> {
  return [
    {
      key: 'amount',
      title: t('standing.col.amount'),
      render: (_: unknown, c) => (
        <span>
          <strong>{formatFen(c.amountFen)}</strong>
          <div className="muted-small">
            {t('standing.claim.recovered', {
              recovered: formatFen(c.recoveredFen),
              amount: formatFen(c.amountFen),
            })}
          </div>
          {BigInt(c.writtenOffFen) > 0n ? (
            <div className="muted-small">
              {t('standing.claim.writtenOff', {
                writtenOff: formatFen(c.writtenOffFen),
                owed: formatFen(c.owedFen),
              })}
            </div>
          ) : null}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('standing.col.status'),
      dataIndex: 'status',
      render: (status: string) => (
        <Tag color={status === 'open' ? 'orange' : status === 'recovered' ? 'green' : 'default'}>
          {enumLabel(t, 'standing.claimStatus', status)}
        </Tag>
      ),
    },
    { key: 'case', title: t('standing.col.case'), render: (_: unknown, c) => caseLink(c.caseId) },
    {
      key: 'at',
      title: t('standing.col.at'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

type Penalty = MerchantStanding['penalties'][number];
function penaltyColumns(t: Translate): TableColumnsType<Penalty> {
  return [
    {
      key: 'type',
      title: t('composer.penalty.type'),
      dataIndex: 'type',
      render: (type: string) => <Tag color="red">{enumLabel(t, 'penalty', type)}</Tag>,
    },
    {
      key: 'amount',
      title: t('standing.col.amount'),
      dataIndex: 'amountFen',
      render: (fen: string | null) => (fen ? formatFen(fen) : '—'),
    },
    {
      key: 'note',
      title: t('standing.col.reason'),
      dataIndex: 'note',
      render: (n: string | null) => n ?? '—',
    },
    {
      key: 'case',
      title: t('standing.col.case'),
      render: (_: unknown, p) => caseLink(p.caseId, p.caseNumber),
    },
  ];
}

/**
 * 保证金与评分: the merchant's own money at the platform (deposit, pending settlement, holds, compensation
 * deducted, recovery claims) and a case-handling score counted by the server from its cases and deadlines.
 */
export default function StandingPage() {
  const { t, language } = useI18n();
  const merchantId = useSession().data?.user.merchantId ?? null;
  const money = useQuery({
    queryKey: ['merchant', merchantId, 'money'],
    queryFn: ({ signal }) => getMerchantMoney(merchantId ?? '', signal),
    enabled: merchantId !== null,
  });
  const standing = useQuery({
    queryKey: ['merchant', merchantId, 'standing'],
    queryFn: ({ signal }) => getMerchantStanding(merchantId ?? '', signal),
    enabled: merchantId !== null,
  });

  const heading = <PageHeading title={t('standing.title')} subtitle={t('standing.subtitle')} />;
  const failed = money.error ?? standing.error;
  if (failed)
    return (
      <>
        {heading}
        <ErrorResult
          title={t('standing.loadError')}
          error={failed}
          onRetry={() => {
            void money.refetch();
            void standing.refetch();
          }}
        />
      </>
    );
  if (!money.data || !standing.data)
    return (
      <>
        {heading}
        <Skeleton active />
      </>
    );
  const m = money.data;
  const s = standing.data;
  const moneyKpis: Kpi[] = [
    { key: 'deposit', title: t('standing.deposit'), value: formatFen(m.depositFen) },
    { key: 'pending', title: t('standing.pending'), value: formatFen(m.pendingFen) },
    { key: 'owed', title: t('standing.owed'), value: formatFen(m.owedFen), danger: BigInt(m.owedFen) > 0n },
    {
      key: 'frozen',
      title: t('standing.col.status'),
      value: m.frozen ? t('standing.frozen') : t('standing.notFrozen'),
      danger: m.frozen,
    },
  ];
  return (
    <>
      {heading}
      {m.frozen ? <Alert type="warning" showIcon message={t('standing.frozenHint')} /> : null}
      <KpiCards items={moneyKpis} testIdPrefix="standing" gutter={12} className="standing-kpis" />
      <Section title={t('standing.holds')}>
        <SectionTable
          rows={m.holds}
          columns={holdColumns(t, language)}
          empty={t('standing.holds.empty')}
          rowKey={(h) => h.id}
          testId="standing-holds"
        />
      </Section>
      {merchantId ? <MoneyMovements merchantId={merchantId} /> : null}
      <Section title={t('standing.deductions')}>
        <SectionTable
          rows={m.deductions}
          columns={deductionColumns(t, language)}
          empty={t('standing.deductions.empty')}
          rowKey={(d) => d.id}
          testId="standing-deductions"
        />
      </Section>
      <Section title={t('standing.claims')}>
        <SectionTable
          rows={m.claims}
          columns={claimColumns(t, language)}
          empty={t('standing.claims.empty')}
          rowKey={(c) => c.id}
          testId="standing-claims"
        />
      </Section>
      <Section title={t('standing.score')}>
        <p className="muted-small">{t('standing.score.basis')}</p>
        <KpiCards items={scoreKpis(t, s)} testIdPrefix="standing" gutter={12} className="standing-kpis" />
      </Section>
      <Section title={t('standing.penalties')}>
        <SectionTable
          rows={s.penalties}
          columns={penaltyColumns(t)}
          empty={t('standing.penalties.empty')}
          rowKey={(p, i) => `${p.caseId}-${i ?? 0}`}
          testId="standing-penalties"
        />
      </Section>
    </>
  );
}
