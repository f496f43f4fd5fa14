import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from '../../api/admin';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';

const KEYS_KEY = ['admin', 'api-keys'] as const;

/** Issuing a key: name it, then see the secret once, with a copy button, before it is gone for good. */
function IssueKey({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const { formError, setFormError, onError } = useFormError(form);
  const issue = useMutation({
    mutationFn: (name: string) => createApiKey(name),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
    onError: (error) => onError(error),
  });
  const secret = issue.data?.secret;
  return (
    <Modal
      open
      title={t(secret ? 'admin.keys.issued' : 'admin.keys.new')}
      okText={t(secret ? 'admin.keys.done' : 'admin.keys.issue')}
      cancelText={t('admin.cancel')}
      confirmLoading={issue.isPending}
      cancelButtonProps={secret ? { style: { display: 'none' } } : {}}
      onOk={() => (secret ? onClose() : form.submit())}
      onCancel={onClose}
      maskClosable={!secret}
      destroyOnHidden
    >
      {secret ? (
        <div data-testid="api-key-secret">
          <Alert type="warning" showIcon title={t('admin.keys.once')} className="section-gap" />
          <Typography.Paragraph copyable={{ text: secret }} className="secret-box mono">
            {secret}
          </Typography.Paragraph>
          <p className="muted-small">{t('admin.keys.usage')}</p>
        </div>
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setFormError(null);
            issue.mutate(v.name);
          }}
        >
          <Form.Item
            name="name"
            label={t('admin.keys.name')}
            rules={[{ required: true, message: t('admin.keys.name.required') }]}
            extra={t('admin.keys.name.hint')}
          >
            <Input maxLength={80} autoFocus />
          </Form.Item>
          <FormErrorAlert error={formError} />
        </Form>
      )}
    </Modal>
  );
}

/** 接口密钥: the marketplace's integration keys — issue (secret shown once), see last use, revoke. */
export default function ApiKeysPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [issuing, setIssuing] = useState(false);
  const keys = useQuery({ queryKey: KEYS_KEY, queryFn: ({ signal }) => listApiKeys(signal) });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeApiKey(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEYS_KEY });
      void message.success(t('admin.keys.revoked'));
    },
  });
  const columns: TableColumnsType<ApiKey> = [
    { key: 'name', title: t('admin.keys.name'), dataIndex: 'name' },
    {
      key: 'prefix',
      title: t('admin.keys.prefix'),
      dataIndex: 'prefix',
      render: (prefix: string) => <span className="mono">{`ak_${prefix}_…`}</span>,
    },
    {
      key: 'created',
      title: t('admin.keys.createdAt'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      key: 'used',
      title: t('admin.keys.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (iso: string | null) =>
        iso ? formatDateTime(iso, language) : <span className="muted-small">{t('admin.keys.never')}</span>,
    },
    {
      key: 'status',
      title: t('admin.users.status'),
      dataIndex: 'revokedAt',
      render: (iso: string | null) =>
        iso ? (
          <Tag>{t('admin.keys.revokedAt', { at: formatDateTime(iso, language) })}</Tag>
        ) : (
          <Tag color="green">{t('admin.keys.active')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('admin.actions'),
      render: (_: unknown, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('admin.keys.revokeConfirm', { name: k.name })}
            description={t('admin.keys.revokeHint')}
            okText={t('admin.keys.revoke')}
            cancelText={t('admin.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutate(k.id)}
          >
            <Button type="link" danger>
              {t('admin.keys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <>
      <PageHeading
        title={t('admin.keys.title')}
        subtitle={t('admin.keys.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setIssuing(true)}>
            {t('admin.keys.new')}
          </Button>
        }
      />
      <section className="surface section-gap card-pad" data-testid="api-keys">
        <Alert
          type="info"
          showIcon
          icon={<KeyOutlined aria-hidden />}
          title={t('admin.keys.about')}
          className="toolbar"
        />
        {keys.isError ? (
          <ErrorResult title={t('admin.loadError')} error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<ApiKey>
            rowKey="id"
            columns={columns}
            dataSource={keys.data?.items ?? []}
            loading={keys.isPending}
            pagination={false}
            size="middle"
            scroll={{ x: 'max-content' }}
          />
        )}
      </section>
      {issuing ? <IssueKey onClose={() => setIssuing(false)} /> : null}
    </>
  );
}
