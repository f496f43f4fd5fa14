import { useState } from 'react';
import { App, Button, Collapse, Empty, Form, Input, Tag } from 'antd';
import {
  isParty,
  makeOffer,
  rejectOffer,
  takeAction,
  type CaseDetail,
  type Offer,
  type Remedy,
} from '../../api/cases';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { errorMessage } from '../../lib/error-message';
import { formatFen, yuanToFen } from '../../lib/money';
import { FormErrorAlert, useFormError } from './FormError';
import { RemedyAmountFields } from './RemedyFields';
import { offerStatusLabel, partyLabel, remedyLabel } from './labels';
import { useCaseMutation } from './use-case';

const STATUS_COLOR: Record<string, string> = {
  open: 'processing',
  accepted: 'success',
  rejected: 'error',
  superseded: 'default',
};

type OfferValues = { remedy: Remedy; amountFen: number; note?: string };

/** Making (or countering with) an offer in mediation: a typed remedy with an amount in yuan. */
function OfferForm({
  c,
  counter,
  onSubmitted,
}: {
  c: CaseDetail;
  counter: boolean;
  onSubmitted: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OfferValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const mutation = useCaseMutation(c.id, (body: { remedy: Remedy; amountFen: number; note?: string }) =>
    makeOffer(c.id, body),
  );

  const onFinish = (values: OfferValues) => {
    setFormError(null);
    const note = values.note?.trim();
    mutation.mutate(
      { remedy: values.remedy, amountFen: yuanToFen(values.amountFen), ...(note ? { note } : {}) },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('offers.submitted'));
          onSubmitted();
        },
        onError: (error) => onError(error),
      },
    );
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={{ remedy: 'partial_refund' }}
      data-testid="offer-form"
    >
      <RemedyAmountFields
        remedyName="remedy"
        amountName="amountFen"
        labels={{ remedy: t('offers.remedy'), amount: t('offers.amount') }}
        refundableFen={c.order?.refundableFen}
        hint
      />
      <Form.Item name="note" label={t('offers.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <FormErrorAlert error={formError} />
      <div className="form-actions">
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {counter ? t('offers.counter') : t('offers.submit')}
        </Button>
      </div>
    </Form>
  );
}

function OfferCard({ c, offer }: { c: CaseDetail; offer: Offer }) {
  const { t, language } = useI18n();
  const { modal, message } = App.useApp();
  const accept = useCaseMutation(c.id, (offerId: string) =>
    takeAction(c.id, 'accept_offer', { offerId }, c.version),
  );
  const reject = useCaseMutation(c.id, (offerId: string) => rejectOffer(c.id, offerId));
  const mine = offer.madeBy === c.viewer.as;
  const open = offer.status === 'open';
  const canAnswer = open && isParty(c.viewer.as) && !mine && c.stage === 'mediation';
  const canAccept = canAnswer && c.allowedActions.some((a) => a.action === 'accept_offer');
  const amount = formatFen(offer.amountFen);
  const remedy = remedyLabel(t, offer.remedy);

  const onAccept = () =>
    void modal.confirm({
      title: t('offers.accept.confirm'),
      content: t('offers.accept.confirmBody', { remedy, amount }),
      okText: t('offers.accept'),
      cancelText: t('form.cancel'),
      onOk: () =>
        accept.mutateAsync(offer.id).then(
          () => void message.success(t('offers.accepted')),
          (error: unknown) => void message.error(errorMessage(error, t)),
        ),
    });
  const onReject = () =>
    void modal.confirm({
      title: t('offers.reject.confirm'),
      okText: t('offers.reject'),
      okButtonProps: { danger: true },
      cancelText: t('form.cancel'),
      onOk: () =>
        reject.mutateAsync(offer.id).then(
          () => void message.success(t('offers.rejected')),
          (error: unknown) => void message.error(errorMessage(error, t)),
        ),
    });

  return (
    <li className={`offer${open ? ' offer--open' : ''}`} data-testid="offer">
      <div className="offer__head">
        <span className="offer__by">
          {mine
            ? t('offers.madeBy', { party: t('party.you') })
            : t('offers.madeBy', { party: partyLabel(t, offer.madeBy) })}
        </span>
        <Tag color={STATUS_COLOR[offer.status] ?? 'default'}>{offerStatusLabel(t, offer.status)}</Tag>
      </div>
      <div className="offer__terms">
        <span>{remedy}</span> <strong className="offer__amount">{amount}</strong>
      </div>
      {offer.note ? <div className="offer__note">{offer.note}</div> : null}
      <div className="muted-small">{formatDateTime(offer.createdAt, language)}</div>
      {canAnswer ? (
        <div className="offer__actions">
          <Button onClick={onReject} loading={reject.isPending}>
            {t('offers.reject')}
          </Button>
          {canAccept ? (
            <Button type="primary" onClick={onAccept} loading={accept.isPending}>
              {t('offers.accept')}
            </Button>
          ) : null}
        </div>
      ) : open && mine ? (
        <div className="muted-small offer__waiting">{t('offers.waiting')}</div>
      ) : null}
    </li>
  );
}

/**
 * Offers in mediation, newest first: the open one can be accepted (when the server allows `accept_offer`)
 * or rejected by the other side; parties and the mediator can put a new one on the table.
 */
export function CaseOffers({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const offers = [...c.offers].reverse();
  const staff = !isParty(c.viewer.as);
  const mayOffer =
    c.stage === 'mediation' &&
    (isParty(c.viewer.as) || c.viewer.as === 'handler' || c.viewer.as === 'supervisor');
  const hasOpen = offers.some((o) => o.status === 'open');
  const [composing, setComposing] = useState<string[]>([]);
  return (
    <div className="case-offers" data-testid="case-offers">
      {offers.length === 0 ? (
        <Empty description={t('offers.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ul className="offer-list">
          {offers.map((offer) => (
            <OfferCard key={offer.id} c={c} offer={offer} />
          ))}
        </ul>
      )}
      {mayOffer ? (
        <Collapse
          className="offer-compose"
          size="small"
          activeKey={composing}
          onChange={(keys) => setComposing(Array.isArray(keys) ? keys : [keys])}
          items={[
            {
              key: 'make',
              label: staff ? t('offers.makeMediator') : hasOpen ? t('offers.counter') : t('offers.make'),
              children: <OfferForm c={c} counter={hasOpen} onSubmitted={() => setComposing([])} />,
            },
          ]}
        />
      ) : null}
    </div>
  );
}
