import { ShopOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { CaseDetail, Person, RemedyLine } from '../../api/cases';
import { useI18n, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';
import { messageOr } from '../../lib/message-or';
import { categoryLabel, enumLabel, kindLabel, remedyLabel } from './labels';

type Row = { label: string; value: ReactNode };

export function FactList({ rows, className }: { rows: Row[]; className?: string }) {
  return (
    <dl className={`fact-list${className ? ` ${className}` : ''}`}>
      {rows.map((row) => (
        <div key={row.label} className="fact-list__row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

const money = (fen: unknown): string =>
  typeof fen === 'string' || typeof fen === 'number' ? formatFen(fen) : '';

/** What the consumer asked for: kind, issue, remedy and amount, the description, when and how it was filed. */
export function RequestFacts({ c, staff = false }: { c: CaseDetail; staff?: boolean }) {
  const { t, language } = useI18n();
  const rows: Row[] = [
    { label: t('case.kind'), value: kindLabel(t, c.kind) },
    { label: t('case.category'), value: categoryLabel(t, c.category) },
    {
      label: t('case.requested'),
      value: (
        <>
          {remedyLabel(t, c.requestedRemedy)} <strong>{formatFen(c.requestedAmountFen)}</strong>
        </>
      ),
    },
    { label: t('case.merchant'), value: c.respondent.name ?? '' },
    { label: t('case.filedAt'), value: formatDateTime(c.createdAt, language) },
  ];
  if (staff) {
    rows.push(
      { label: t('case.channel'), value: enumLabel(t, 'caseChannel', c.channel) },
      { label: t('case.team'), value: enumLabel(t, 'team', c.team) },
      { label: t('case.policy'), value: `${c.policy.id} ${c.policy.version}` },
    );
  }
  return (
    <>
      <FactList rows={rows} />
      <h3 className="subheading">{t('case.description')}</h3>
      <p className="case-description">{c.description}</p>
    </>
  );
}

/** The order as it was when the case was filed. */
export function OrderFacts({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  const o = c.order;
  if (!o) return <p className="muted-small">{t('case.order.none')}</p>;
  return (
    <div className="order-snapshot">
      <div className="order-snapshot__merchant">
        <ShopOutlined aria-hidden /> {c.respondent.name}
      </div>
      <div className="order-snapshot__title">{o.title}</div>
      <div className="muted-small">{o.externalId ? t('orders.externalId', { id: o.externalId }) : null}</div>
      <FactList
        className="section-gap"
        rows={[
          ...(o.items ?? []).map((item) => ({
            label: `${item.title} ×${item.quantity}`,
            value: formatFen(item.unitPriceFen * item.quantity),
          })),
          { label: t('case.order.total'), value: money(o.totalFen) },
          { label: t('case.order.refundable'), value: money(o.refundableFen) },
          { label: t('case.order.paidAt'), value: formatDateTime(o.paidAt, language) },
          ...(o.paymentMethod
            ? [
                {
                  label: t('case.order.payment'),
                  value: messageOr(`payment.${o.paymentMethod}`, o.paymentMethod, t),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** A person as the API returned them for this viewer (the server masks PII by role). */
export function PersonFacts({ person }: { person: Person }) {
  const { t } = useI18n();
  const { pii } = person;
  const rows: Row[] = [{ label: t('case.claimant'), value: person.displayName }];
  if (pii.realName) rows.push({ label: t('case.pii.realName'), value: pii.realName });
  if (pii.phone) rows.push({ label: t('case.pii.phone'), value: pii.phone });
  if (pii.email) rows.push({ label: t('case.pii.email'), value: pii.email });
  if (pii.address) rows.push({ label: t('case.pii.address'), value: pii.address });
  return (
    <>
      <FactList rows={rows} />
      {pii.access !== 'full' ? <Tag className="section-gap">{t('case.pii.masked')}</Tag> : null}
    </>
  );
}

function remedyLines(lines: unknown, t: Translate): ReactNode {
  if (!Array.isArray(lines) || lines.length === 0) return null;
  return (
    <ul className="remedy-lines">
      {(lines as RemedyLine[]).map((r, i) => (
        <li key={i}>
          {remedyLabel(t, r.type)} <strong data-testid="remedy-amount">{money(r.amountFen)}</strong>
          {r.payer ? <span className="muted-small">（{enumLabel(t, 'payer', r.payer)}）</span> : null}
        </li>
      ))}
    </ul>
  );
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The outcome so far: the agreement or decision, the appeal and its review, or why the case ended. */
export function OutcomeFacts({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const decision = asRecord(c.outcome.decision);
  const review = asRecord(c.outcome.review);
  const appeal = asRecord(c.outcome.appeal);
  const notAccept = asRecord(c.outcome.not_accept);
  const referOut = asRecord(c.outcome.refer_out);
  const withdraw = asRecord(c.outcome.withdraw);
  const parts: ReactNode[] = [];

  if (decision) {
    const kind = decision.kind === 'agreement' ? 'agreement' : 'platform_decision';
    const refundable = Array.isArray(decision.remedies) && decision.remedies.length > 0;
    parts.push(
      <div key="decision" className="outcome-block" data-testid="outcome-decision">
        <Tag color="green" className="outcome-block__tag">
          {t(`case.outcome.${kind}`)}
        </Tag>
        {kind === 'agreement' && asRecord(decision.offer) ? (
          <p className="outcome-block__lead">{t('case.outcome.acceptedOffer')}</p>
        ) : null}
        {text(decision.agreement) ? <p className="outcome-block__text">{text(decision.agreement)}</p> : null}
        {text(decision.text) ? <p className="outcome-block__text">{text(decision.text)}</p> : null}
        {refundable ? (
          <>
            <div className="outcome-block__label">{t('case.outcome.remedies')}</div>
            {remedyLines(decision.remedies, t)}
          </>
        ) : null}
        {Array.isArray(decision.penalties) && decision.penalties.length > 0 ? (
          <>
            <div className="outcome-block__label">{t('case.outcome.penalties')}</div>
            <ul className="remedy-lines">
              {(decision.penalties as { type: string; amountFen?: string; note?: string }[]).map((p, i) => (
                <li key={i}>
                  {enumLabel(t, 'penalty', p.type)} {p.amountFen ? money(p.amountFen) : ''} {p.note ?? ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {Array.isArray(decision.clauses) && decision.clauses.length > 0 ? (
          <>
            <div className="outcome-block__label">{t('case.outcome.clauses')}</div>
            <ul className="remedy-lines">
              {(decision.clauses as string[]).map((clause) => (
                <li key={clause}>{clause}</li>
              ))}
            </ul>
          </>
        ) : null}
        {refundable ? <p className="muted-small">{t('case.outcome.refundPending')}</p> : null}
      </div>,
    );
  }
  if (appeal && text(appeal.reasons))
    parts.push(
      <div key="appeal" className="outcome-block">
        <div className="outcome-block__label">{t('case.outcome.appeal')}</div>
        <p className="outcome-block__text">{text(appeal.reasons)}</p>
      </div>,
    );
  if (review)
    parts.push(
      <div key="review" className="outcome-block">
        <Tag color={review.outcome === 'revised' ? 'orange' : 'green'} className="outcome-block__tag">
          {t(review.outcome === 'revised' ? 'case.outcome.review.revised' : 'case.outcome.review.upheld')}
        </Tag>
        {text(review.text) ? <p className="outcome-block__text">{text(review.text)}</p> : null}
        {remedyLines(review.remedies, t)}
      </div>,
    );
  if (notAccept)
    parts.push(
      <div key="not_accept" className="outcome-block">
        <div className="outcome-block__label">{t('case.outcome.notAccepted')}</div>
        <p className="outcome-block__text">{text(notAccept.reason)}</p>
        {typeof notAccept.referral === 'string' && notAccept.referral !== 'none' ? (
          <p>
            {t('case.outcome.referral')}：{enumLabel(t, 'referral', notAccept.referral)}
            {text(notAccept.referralNote) ? `（${text(notAccept.referralNote)}）` : ''}
          </p>
        ) : null}
      </div>,
    );
  if (referOut && typeof referOut.to === 'string')
    parts.push(
      <div key="refer_out" className="outcome-block">
        {t('case.outcome.referredOut')}：{enumLabel(t, 'referral', referOut.to)}
        {text(referOut.note) ? <p className="muted-small">{text(referOut.note)}</p> : null}
      </div>,
    );
  if (withdraw && text(withdraw.reason))
    parts.push(
      <div key="withdraw" className="outcome-block">
        <div className="outcome-block__label">{t('case.outcome.withdrawn')}</div>
        <p className="outcome-block__text">{text(withdraw.reason)}</p>
      </div>,
    );
  if (parts.length === 0) return null;
  return <div className="case-outcome">{parts}</div>;
}
