import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import {
  createUser,
  listMerchants,
  listUsers,
  updateUser,
  type AdminUser,
  type Merchant,
} from '../../api/admin';
import { ROLES, type Role } from '../../api/types';
import { useCurrentUser } from '../../auth/current-user';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';

const USERS_KEY = ['admin', 'users'] as const;
const ASSIGNABLE: Role[] = ROLES.filter((r) => r !== 'consumer');
const ROLE_COLOR: Record<Role, string> = {
  consumer: 'default',
  merchant: 'orange',
  agent: 'cyan',
  handler: 'blue',
  reviewer: 'geekblue',
  supervisor: 'purple',
  admin: 'magenta',
};

type Editing = { mode: 'create' } | { mode: 'edit'; user: AdminUser };
type FormValues = {
  role: Role;
  username: string;
  displayName: string;
  password: string;
  merchantId?: string;
};

function UserForm({
  editing,
  merchants,
  onClose,
}: {
  editing: Editing;
  merchants: Merchant[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const role = Form.useWatch('role', form);
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      editing.mode === 'create'
        ? createUser({ ...v, ...(v.role === 'merchant' ? {} : { merchantId: undefined }) })
        : updateUser(editing.user.id, {
            role: v.role,
            displayName: v.displayName,
            merchantId: v.role === 'merchant' ? (v.merchantId ?? null) : null,
          }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      void message.success(t(editing.mode === 'create' ? 'admin.users.created' : 'admin.users.saved'));
      onClose();
    },
    onError: (error) => onError(error),
  });
  const initial =
    editing.mode === 'edit'
      ? {
          role: editing.user.role,
          username: editing.user.username,
          displayName: editing.user.displayName,
          merchantId: editing.user.merchantId ?? undefined,
        }
      : { role: 'agent' as Role };
  return (
    <Modal
      open
      title={t(editing.mode === 'create' ? 'admin.users.new' : 'admin.users.edit')}
      okText={t(editing.mode === 'create' ? 'admin.users.create' : 'admin.save')}
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
        requiredMark="optional"
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
        data-testid="user-form"
      >
        <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
          <Select
            options={(editing.mode === 'edit' && editing.user.role === 'consumer' ? ROLES : ASSIGNABLE).map(
              (r) => ({
                value: r,
                label: t(`role.${r}`),
              }),
            )}
            disabled={editing.mode === 'edit' && editing.user.role === 'consumer'}
          />
        </Form.Item>
        {role === 'merchant' ? (
          <Form.Item
            name="merchantId"
            label={t('admin.users.merchant')}
            rules={[{ required: true, message: t('admin.users.merchant.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={merchants.map((m) => ({ value: m.id, label: m.name }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="username"
          label={t('admin.users.username')}
          rules={[{ required: true, message: t('admin.users.username.required') }]}
          extra={editing.mode === 'create' ? t('admin.users.username.hint') : undefined}
        >
          <Input autoComplete="off" disabled={editing.mode === 'edit'} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('admin.users.displayName')}
          rules={[{ required: true, message: t('admin.users.displayName.required') }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        {editing.mode === 'create' ? (
          <Form.Item
            name="password"
            label={t('admin.users.password')}
            rules={[{ required: true, message: t('admin.users.password.required') }]}
            extra={t('admin.users.password.hint')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <FormErrorAlert error={formError} />
      </Form>
    </Modal>
  );
}

/** 用户与角色: list, create, change roles, disable and re-enable (every change audited by the server). */
export default function UsersPage() {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [roleFilter, setRoleFilter] = useState<Role | 'all'>('all');
  const [search, setSearch] = useState('');
  const users = useQuery({ queryKey: USERS_KEY, queryFn: ({ signal }) => listUsers(null, signal) });
  const merchants = useQuery({
    queryKey: ['admin', 'merchants'],
    queryFn: ({ signal }) => listMerchants(signal),
  });
  const merchantName = useMemo(
    () => new Map((merchants.data?.items ?? []).map((m) => [m.id, m.name])),
    [merchants.data],
  );
  const toggle = useMutation({
    mutationFn: (u: AdminUser) => updateUser(u.id, { disabled: !u.disabled }),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      void message.success(t(u.disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone'));
    },
    onError: (error) => void message.error(error instanceof Error ? error.message : t('error.generic')),
  });

  const rows = (users.data?.items ?? []).filter(
    (u) =>
      (roleFilter === 'all' || u.role === roleFilter) &&
      (!search || `${u.username} ${u.displayName}`.toLowerCase().includes(search.toLowerCase())),
  );
  const columns: TableColumnsType<AdminUser> = [
    { key: 'username', title: t('admin.users.username'), dataIndex: 'username', className: 'mono' },
    { key: 'displayName', title: t('admin.users.displayName'), dataIndex: 'displayName' },
    {
      key: 'role',
      title: t('admin.users.role'),
      dataIndex: 'role',
      render: (role: Role, u) => (
        <Space size={4} wrap>
          <Tag color={ROLE_COLOR[role]}>{t(`role.${role}`)}</Tag>
          {u.merchantId ? <span className="muted-small">{merchantName.get(u.merchantId) ?? ''}</span> : null}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('admin.users.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean) =>
        disabled ? (
          <Tag color="red">{t('admin.users.disabled')}</Tag>
        ) : (
          <Tag color="green">{t('admin.users.active')}</Tag>
        ),
    },
    {
      key: 'created',
      title: t('admin.users.createdAt'),
      dataIndex: 'createdAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      key: 'actions',
      title: t('admin.actions'),
      render: (_: unknown, u) =>
        u.id === me.id ? (
          <span className="muted-small">{t('admin.users.you')}</span>
        ) : (
          <Space size={0}>
            <Button
              type="link"
              onClick={() => setEditing({ mode: 'edit', user: u })}
              aria-label={t('admin.users.editOf', { name: u.displayName })}
            >
              {t('admin.edit')}
            </Button>
            <Popconfirm
              title={t(u.disabled ? 'admin.users.enableConfirm' : 'admin.users.disableConfirm', {
                name: u.displayName,
              })}
              okText={t(u.disabled ? 'admin.users.enable' : 'admin.users.disable')}
              cancelText={t('admin.cancel')}
              okButtonProps={{ danger: !u.disabled }}
              onConfirm={() => toggle.mutate(u)}
            >
              <Button type="link" danger={!u.disabled}>
                {t(u.disabled ? 'admin.users.enable' : 'admin.users.disable')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeading
        title={t('admin.users.title')}
        subtitle={t('admin.users.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => setEditing({ mode: 'create' })}
          >
            {t('admin.users.new')}
          </Button>
        }
      />
      <section className="surface section-gap card-pad" data-testid="users">
        <Space wrap className="toolbar">
          <Select<Role | 'all'>
            aria-label={t('admin.users.filterRole')}
            value={roleFilter}
            onChange={setRoleFilter}
            style={{ minWidth: 160 }}
            options={[
              { value: 'all', label: t('admin.users.allRoles') },
              ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
            ]}
          />
          <Input.Search
            aria-label={t('admin.users.search')}
            placeholder={t('admin.users.search')}
            allowClear
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 240 }}
          />
        </Space>
        {users.isError ? (
          <ErrorResult
            title={t('admin.loadError')}
            error={users.error}
            onRetry={() => void users.refetch()}
          />
        ) : (
          <Table<AdminUser>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={users.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            size="middle"
            scroll={{ x: 'max-content' }}
          />
        )}
      </section>
      {editing ? (
        <UserForm
          editing={editing}
          merchants={merchants.data?.items ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
