import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  MERCHANT_KINDS,
  listMerchantsPage,
  upsertMerchant,
  type Merchant,
  type MerchantKind,
} from '../../api/admin';
import { useCurrentUser } from '../../auth/current-user';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { formatFen } from '../../lib/money';

/** Shares its prefix with the users page's merchant list, so a merchant registered here shows up there too. */
const MERCHANTS_KEY = ['admin', 'merchants'] as const;
const PAGE_SIZE = 50;

type Editing = { mode: 'create' } | { mode: 'edit'; merchant: Merchant };
type FormValues = { externalId: string; name: string; kind: MerchantKind };

/** The upsert is keyed by external id, so editing keeps it fixed and changes only the name and kind. */
function MerchantForm({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      upsertMerchant({
        ...v,
        externalId: editing.mode === 'edit' ? editing.merchant.externalId : v.externalId,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: MERCHANTS_KEY });
      void message.success(
        t(editing.mode === 'create' ? 'tenant.merchant.created' : 'tenant.merchant.saved'),
      );
      onClose();
    },
    onError: (error) => onError(error),
  });
  const initial =
    editing.mode === 'edit'
      ? {
          externalId: editing.merchant.externalId,
          name: editing.merchant.name,
          kind: editing.merchant.kind,
        }
      : { kind: 'shop' as MerchantKind };
  return (
    <Modal
      open
      title={t(editing.mode === 'create' ? 'tenant.merchant.new' : 'tenant.merchant.edit')}
      okText={t(editing.mode === 'create' ? 'tenant.merchant.create' : 'admin.save')}
      cancelText={t('admin.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
        data-testid="merchant-form"
      >
        <Form.Item
          name="name"
          label={t('tenant.merchant.name')}
          rules={[{ required: true, whitespace: true, message: t('tenant.merchant.name.required') }]}
        >
          <Input maxLength={120} autoFocus />
        </Form.Item>
        <Form.Item
          name="externalId"
          label={t('tenant.merchant.externalId')}
          rules={[{ required: true, whitespace: true, message: t('tenant.merchant.externalId.required') }]}
          extra={editing.mode === 'create' ? t('tenant.merchant.externalId.hint') : undefined}
        >
          <Input maxLength={64} autoComplete="off" disabled={editing.mode === 'edit'} className="mono" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('tenant.merchant.kind')}
          rules={[{ required: true, message: t('tenant.merchant.kind.required') }]}
        >
          <Select options={MERCHANT_KINDS.map((k) => ({ value: k, label: t(`merchantKind.${k}`) }))} />
        </Form.Item>
        <FormErrorAlert error={formError} />
      </Form>
    </Modal>
  );
}

/**
 * 租户与商家: the signed-in admin's tenant, and its merchants — listed page by page with their deposit (the
 * ledger's balance, as the API reports it), registered or edited.
 */
export default function TenantPage() {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  const [editing, setEditing] = useState<Editing | null>(null);
  const merchants = useInfiniteQuery({
    queryKey: [...MERCHANTS_KEY, 'pages', PAGE_SIZE],
    queryFn: ({ pageParam, signal }) => listMerchantsPage(pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = merchants.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<Merchant> = [
    { key: 'name', title: t('tenant.merchant.name'), dataIndex: 'name' },
    {
      key: 'externalId',
      title: t('tenant.merchant.externalId'),
      dataIndex: 'externalId',
      className: 'mono',
    },
    {
      key: 'kind',
      title: t('tenant.merchant.kind'),
      dataIndex: 'kind',
      render: (kind: MerchantKind) => <Tag>{t(`merchantKind.${kind}`)}</Tag>,
    },
    {
      key: 'deposit',
      title: t('tenant.merchant.deposit'),
      dataIndex: 'depositFen',
      align: 'right',
      render: (fen: string) => <span className="mono">{formatFen(fen)}</span>,
    },
    {
      key: 'created',
      title: t('tenant.merchant.createdAt'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      key: 'actions',
      title: t('admin.actions'),
      render: (_: unknown, m) => (
        <Space size={0}>
          <Button
            type="link"
            onClick={() => setEditing({ mode: 'edit', merchant: m })}
            aria-label={t('tenant.merchant.editOf', { name: m.name })}
          >
            {t('admin.edit')}
          </Button>
          <Link
            to={`/admin/merchants/${encodeURIComponent(m.id)}/money`}
            aria-label={t('merchantMoney.openOf', { name: m.name })}
          >
            {t('merchantMoney.open')}
          </Link>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeading
        title={t('tenant.title')}
        subtitle={t('tenant.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setEditing({ mode: 'create' })}
          >
            {t('tenant.merchant.new')}
          </Button>
        }
      />
      <section
        className="surface section-gap card-pad"
        aria-label={t('tenant.info')}
        data-testid="tenant-info"
      >
        <Descriptions
          title={t('tenant.info')}
          column={{ xs: 1, sm: 2, md: 3 }}
          size="small"
          items={[
            { key: 'name', label: t('tenant.name'), children: me.tenantName },
            {
              key: 'slug',
              label: t('tenant.slug'),
              children: (
                <span className="mono" title={t('tenant.slugHint')}>
                  {me.tenantSlug}
                </span>
              ),
            },
            { key: 'id', label: t('tenant.id'), children: <span className="mono">{me.tenantId}</span> },
          ]}
        />
      </section>
      <section
        className="surface section-gap card-pad"
        aria-label={t('tenant.merchants')}
        data-testid="merchants"
      >
        <Alert type="info" showIcon title={t('tenant.merchants.about')} className="toolbar" />
        {merchants.isError && items.length === 0 ? (
          <ErrorResult
            title={t('tenant.merchants.loadError')}
            error={merchants.error}
            onRetry={() => void merchants.refetch()}
          />
        ) : (
          <>
            <Table<Merchant>
              rowKey="id"
              columns={columns}
              dataSource={items}
              loading={merchants.isPending}
              pagination={false}
              size="middle"
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: (
                  <Empty description={t('tenant.merchants.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ),
              }}
            />
            {items.length > 0 ? (
              <div className="list-footer">
                {merchants.hasNextPage ? (
                  <Button
                    onClick={() => void merchants.fetchNextPage()}
                    loading={merchants.isFetchingNextPage}
                  >
                    {t('tenant.merchants.loadMore')}
                  </Button>
                ) : (
                  <span className="muted-small">{t('tenant.merchants.noMore')}</span>
                )}
              </div>
            ) : null}
          </>
        )}
      </section>
      {editing ? <MerchantForm editing={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
