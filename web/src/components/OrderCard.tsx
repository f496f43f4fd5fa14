import { ShopOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { Order } from '../api/types';
import { useI18n, type Translate } from '../i18n';
import { formatDateTime } from '../lib/datetime';
import { formatFen } from '../lib/money';
import { messageOr } from '../lib/message-or';

const STATUS_COLORS: Record<string, string> = {
  pending: 'default',
  paid: 'processing',
  shipped: 'processing',
  delivered: 'cyan',
  signed: 'success',
  redeemed: 'success',
  completed: 'success',
  partially_refunded: 'warning',
  refunded: 'default',
  cancelled: 'default',
};

function statusLabel(status: string, t: Translate): string {
  return messageOr(`orderStatus.${status}`, status, t);
}

/** The marketplace's category when the dictionary knows it, else the scenario (网购, 演出票务…). */
function kindLabel(order: Order, t: Translate): string {
  return messageOr(
    `category.${order.category}`,
    messageOr(`scenario.${order.scenario}`, order.category, t),
    t,
  );
}

/** "File a complaint / refund" for an order: the guided filing form, with the order filled in. */
function FileCaseButton({ order }: { order: Order }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button
      onClick={() => void navigate(`/orders/${encodeURIComponent(order.id)}/file`)}
      data-testid="file-case"
    >
      {t('orders.fileCase')}
    </Button>
  );
}

/** One order as a card, in the shape shoppers know from marketplace apps: shop, item, state, amount. */
export function OrderCard({ order }: { order: Order }) {
  const { t, language } = useI18n();
  const paid = formatDateTime(order.paidAt, language);
  const signed = formatDateTime(order.signedAt, language);
  return (
    <article className="order-card" aria-label={order.title} data-testid="order-card">
      <div className="order-card__top">
        <span className="order-card__merchant">
          <ShopOutlined aria-hidden /> {order.merchantName ?? ''}
        </span>
        <Tag color={STATUS_COLORS[order.status] ?? 'default'} className="order-card__status">
          {statusLabel(order.status, t)}
        </Tag>
      </div>
      <Typography.Paragraph className="order-card__title" ellipsis={{ rows: 2 }}>
        {order.title}
      </Typography.Paragraph>
      <div className="order-card__ref">
        <Tag variant="filled" className="order-card__category">
          {kindLabel(order, t)}
        </Tag>
        <span className="muted-small">{t('orders.externalId', { id: order.externalId })}</span>
      </div>
      {paid || signed ? (
        <dl className="order-card__meta">
          {paid ? (
            <div>
              <dt>{t('orders.paidAt')}</dt>
              <dd>{paid}</dd>
            </div>
          ) : null}
          {signed ? (
            <div>
              <dt>{t('orders.signedAt')}</dt>
              <dd>{signed}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <div className="order-card__bottom">
        <span className="order-card__total">
          <span className="muted-small">{t('orders.total')}</span>{' '}
          <strong className="order-card__amount">{formatFen(order.totalFen)}</strong>
        </span>
        <FileCaseButton order={order} />
      </div>
    </article>
  );
}
