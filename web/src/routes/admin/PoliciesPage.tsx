import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Drawer, Select, Skeleton, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { diffVersions, getVersion, listPacks, type PackEntry, type VersionSummary } from '../../api/policy';
import { enumLabel } from '../../components/case/labels';
import { localText } from '../../components/case/Recommendation';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { ChangeList } from './policy-changes';
import { PolicyDraftDrawer } from './PolicyDraftDrawer';

/** One version in a drawer: its summary, the rights changes against the version it followed, the pack. */
function VersionDrawer({
  packId,
  version,
  onClose,
}: {
  packId: string;
  version: number;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['admin', 'policy', packId, 'version', version],
    queryFn: ({ signal }) => getVersion(packId, version, signal),
  });
  return (
    <Drawer
      open
      onClose={onClose}
      size="large"
      title={`${packId} · ${t('policyAdmin.version')} ${version}`}
      data-testid="policy-version"
    >
      {query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <ErrorResult title={t('error.generic')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p>
            <strong>{localText(query.data.title, language)}</strong>
          </p>
          <p className="muted-small">
            {t('policyAdmin.effectiveFrom')}：{formatDateTime(query.data.effectiveFrom, language)} ·{' '}
            {t('policyAdmin.scope')}：{enumLabel(t, 'policyAdmin.scope', query.data.orderScope)}
            {query.data.publishedBy?.name
              ? ` · ${t('policyAdmin.publishedBy')}：${query.data.publishedBy.name}`
              : ''}
          </p>
          <h3 className="subheading">{t('policyAdmin.rightsDiff')}</h3>
          <ChangeList changes={query.data.rightsDiff} />
          <h3 className="subheading section-gap">{t('policyAdmin.pack')}</h3>
          <pre className="policy-json">{JSON.stringify(query.data.pack, null, 2)}</pre>
        </>
      )}
    </Drawer>
  );
}

/** Two versions of a pack side by side: what changes for consumers from one to the other. */
function Compare({ pack }: { pack: PackEntry }) {
  const { t } = useI18n();
  const numbers = pack.versions.map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState(numbers.at(-2) ?? numbers[0] ?? 1);
  const [to, setTo] = useState(numbers.at(-1) ?? 1);
  const query = useQuery({
    queryKey: ['admin', 'policy', pack.packId, 'diff', from, to],
    queryFn: ({ signal }) => diffVersions(pack.packId, from, to, signal),
    enabled: numbers.length > 1 && from !== to,
  });
  if (numbers.length < 2) return <p className="muted-small">{t('policyAdmin.single')}</p>;
  const options = numbers.map((n) => ({ value: n, label: `${t('policyAdmin.version')} ${n}` }));
  return (
    <div data-testid="policy-compare">
      <Space wrap className="section-gap">
        <span>{t('policyAdmin.from')}</span>
        <Select value={from} onChange={setFrom} options={options} aria-label={t('policyAdmin.from')} />
        <span>{t('policyAdmin.to')}</span>
        <Select value={to} onChange={setTo} options={options} aria-label={t('policyAdmin.to')} />
      </Space>
      {from === to ? null : query.isPending ? (
        <Skeleton active />
      ) : query.isError ? (
        <Alert type="error" showIcon title={t('error.generic')} />
      ) : (
        <>
          <p className="muted-small">
            {t('policyAdmin.changes', { count: query.data.changes.length, narrowing: query.data.narrowing })}
          </p>
          <ChangeList changes={query.data.changes} />
        </>
      )}
    </div>
  );
}

function PackPane({ pack }: { pack: PackEntry }) {
  const { t, language } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const [drafting, setDrafting] = useState(false);
  const columns: TableColumnsType<VersionSummary> = [
    {
      title: t('policyAdmin.version'),
      dataIndex: 'version',
      render: (n: number, v) => (
        <Space size={4}>
          {n}
          {v.builtIn ? <Tag>{t('policyAdmin.builtIn')}</Tag> : null}
          {pack.inForce === n ? <Tag color="success">{t('policyAdmin.inForce', { version: n })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('policyAdmin.effectiveFrom'),
      dataIndex: 'effectiveFrom',
      render: (iso: string) => formatDateTime(iso, language),
    },
    {
      title: t('policyAdmin.scope'),
      dataIndex: 'orderScope',
      render: (scope: string) => enumLabel(t, 'policyAdmin.scope', scope),
    },
    {
      title: t('policyAdmin.publishedBy'),
      render: (_, v) => v.publishedBy?.name ?? (v.builtIn ? t('policyAdmin.builtIn') : '—'),
    },
    {
      title: t('policyAdmin.narrowing'),
      dataIndex: 'narrowingChanges',
      render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : '0'),
    },
    {
      title: '',
      render: (_, v) => (
        <Button size="small" onClick={() => setOpen(v.version)}>
          {t('policyAdmin.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Space wrap className="policy-pane__head">
        <span className="muted-small">
          {pack.packId} ·{' '}
          {pack.inForce === null
            ? t('policyAdmin.none')
            : t('policyAdmin.inForce', { version: pack.inForce })}
        </span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrafting(true)}>
          {t('policyDraft.new')}
        </Button>
      </Space>
      <Table
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={[...pack.versions].sort((a, b) => b.version - a.version)}
        pagination={false}
        scroll={{ x: true }}
        data-testid="policy-versions"
      />
      <h3 className="subheading section-gap">{t('policyAdmin.diff')}</h3>
      <Compare pack={pack} />
      {drafting ? <PolicyDraftDrawer pack={pack} onClose={() => setDrafting(false)} /> : null}
      {open !== null ? (
        <VersionDrawer packId={pack.packId} version={open} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

/**
 * 规则版本 (`/admin/policies`): each policy pack's versions (built-in version 1 and the tenant's published
 * ones), one version's content and its rights changes, and the consumer-rights diff between any two.
 */
export default function PoliciesPage() {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['admin', 'policy', 'packs'],
    queryFn: ({ signal }) => listPacks(signal),
  });
  return (
    <div>
      <PageHeading title={t('policyAdmin.title')} subtitle={t('policyAdmin.subtitle')} />
      <Card className="section-gap" size="small">
        {query.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : query.isError ? (
          <ErrorResult title={t('error.generic')} error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Tabs
            items={query.data.items.map((pack) => ({
              key: pack.packId,
              label: localText(pack.title, language),
              children: <PackPane pack={pack} />,
            }))}
          />
        )}
      </Card>
    </div>
  );
}
