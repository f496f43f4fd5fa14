import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { KpiCards, type Kpi } from '../../components/KpiCards';
import { getConsistency, type ConsistencyReport } from '../../api/reports';
import { CHART_COLORS, EChart, type ChartOption } from '../../components/charts/EChart';
import { categoryLabel, enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { periodInstants, PeriodPicker, usePeriod } from './period';

type Deviation = ConsistencyReport['recent'][number];
type Row = { name: string; decisions: number; deviations: number };

const DIRECTIONS = ['more_for_claimant', 'less_for_claimant', 'different_outcome'] as const;
const DIRECTION_COLORS: Record<string, string> = {
  more_for_claimant: 'blue',
  less_for_claimant: 'red',
  different_outcome: 'purple',
};
const AXIS = { axisLine: { lineStyle: { color: '#c9d1de' } }, axisLabel: { color: '#4a5568' } };

/** A share as a percentage with one decimal, or a dash when nothing was measured. */
const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`;

/** Followed vs deviated per row, stacked, the rows with most deviations on top. */
function deviationChart(t: Translate, rows: Row[]): ChartOption {
  const ordered = [...rows].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 8, textStyle: { color: '#4a5568' } },
    grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...AXIS, splitLine: { lineStyle: { color: '#eef1f6' } } },
    yAxis: { type: 'category', data: ordered.map((r) => r.name), ...AXIS },
    series: [
      {
        name: t('consistency.series.followed'),
        type: 'bar',
        stack: 'decisions',
        data: ordered.map((r) => r.decisions - r.deviations),
        itemStyle: { color: CHART_COLORS[1] },
        barMaxWidth: 18,
      },
      {
        name: t('consistency.series.deviated'),
        type: 'bar',
        stack: 'decisions',
        data: ordered.map((r) => r.deviations),
        itemStyle: { color: CHART_COLORS[3] },
        barMaxWidth: 18,
        label: {
          show: true,
          position: 'right',
          color: '#b42318',
          formatter: ({ dataIndex }) => {
            const r = ordered[dataIndex];
            return r && r.deviations > 0 ? percent(r.deviations, r.decisions) : '';
          },
        },
      },
    ],
  };
}

function chartLabel(t: Translate, title: string, rows: Row[]) {
  return t('dashboard.aria.list', {
    title,
    items: rows
      .map(
        (r) => `${r.name} ${t('consistency.aria.row', { decisions: r.decisions, deviations: r.deviations })}`,
      )
      .join('，'),
  });
}

function Kpis({ report }: { report: ConsistencyReport }) {
  const { t } = useI18n();
  const rate = report.deviations / Math.max(1, report.decisions);
  const items: Kpi[] = [
    { key: 'decisions', title: t('consistency.kpi.decisions'), value: String(report.decisions) },
    { key: 'deviations', title: t('consistency.kpi.deviations'), value: String(report.deviations) },
    {
      key: 'rate',
      title: t('consistency.kpi.rate'),
      value: percent(report.deviations, report.decisions),
      detail: t('consistency.kpi.perMille', { value: report.deviationsPerMille }),
      danger: rate > 0.2,
    },
    {
      key: 'direction',
      title: t('consistency.kpi.less'),
      value: String(report.byDirection.less_for_claimant ?? 0),
      detail: DIRECTIONS.filter((d) => d !== 'less_for_claimant')
        .map((d) => `${enumLabel(t, 'rec.direction', d)} ${report.byDirection[d] ?? 0}`)
        .join(' · '),
      danger: (report.byDirection.less_for_claimant ?? 0) > 0,
    },
  ];
  return <KpiCards items={items} testIdPrefix="consistency" />;
}

function deviationColumns(
  t: Translate,
  language: Language,
  report: ConsistencyReport,
): TableColumnsType<Deviation> {
  const names = new Map(report.byDecider.map((d) => [d.userId, d.name]));
  const categories = [...new Set(report.recent.map((r) => r.category))];
  return [
    {
      key: 'number',
      title: t('consistency.col.case'),
      render: (_: unknown, r) => (
        <Link to={`/cases/${encodeURIComponent(r.caseId)}`} className="mono">
          {r.number}
        </Link>
      ),
    },
    {
      key: 'category',
      title: t('consistency.col.category'),
      dataIndex: 'category',
      render: (c: string) => categoryLabel(t, c),
      filters: categories.map((c) => ({ text: categoryLabel(t, c), value: c })),
      onFilter: (value, r) => r.category === value,
    },
    {
      key: 'direction',
      title: t('consistency.col.direction'),
      dataIndex: 'direction',
      render: (d: string) => (
        <Tag color={DIRECTION_COLORS[d] ?? 'default'}>{enumLabel(t, 'rec.direction', d)}</Tag>
      ),
      filters: DIRECTIONS.map((d) => ({ text: enumLabel(t, 'rec.direction', d), value: d })),
      onFilter: (value, r) => r.direction === value,
    },
    {
      key: 'reason',
      title: t('consistency.col.reason'),
      dataIndex: 'reason',
      render: (reason: string | null) => reason ?? <span className="muted-small">—</span>,
    },
    {
      key: 'decider',
      title: t('consistency.col.decider'),
      render: (_: unknown, r) =>
        (r.decidedBy ? names.get(r.decidedBy) : null) ?? t('consistency.unknownDecider'),
    },
    {
      key: 'at',
      title: t('consistency.col.at'),
      dataIndex: 'decidedAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
}

function Report({ report }: { report: ConsistencyReport }) {
  const { t, language } = useI18n();
  const panels = useMemo(() => {
    const byCategory: Row[] = report.byCategory.map((c) => ({ ...c, name: categoryLabel(t, c.category) }));
    const byDecider: Row[] = report.byDecider.map((d) => ({
      ...d,
      name: d.name ?? t('consistency.unknownDecider'),
    }));
    return [
      { key: 'by-category', title: t('consistency.chart.byCategory'), rows: byCategory },
      { key: 'by-decider', title: t('consistency.chart.byDecider'), rows: byDecider },
    ];
  }, [report, t]);
  return (
    <>
      <Kpis report={report} />
      <Row gutter={[16, 16]} className="section-gap">
        {panels.map((panel) => (
          <Col key={panel.key} xs={24} lg={12}>
            <Card
              className="chart-card"
              title={
                <Typography.Title level={2} className="chart-card__title">
                  {panel.title}
                </Typography.Title>
              }
            >
              <EChart
                option={deviationChart(t, panel.rows)}
                height={Math.max(220, panel.rows.length * 34 + 60)}
                label={chartLabel(t, panel.title, panel.rows)}
                testId={`chart-${panel.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        className="section-gap"
        title={
          <Typography.Title level={2} className="chart-card__title">
            {t('consistency.recent')}
          </Typography.Title>
        }
        extra={<span className="muted-small">{t('consistency.recentHint')}</span>}
      >
        <Table<Deviation>
          rowKey="caseId"
          size="small"
          columns={deviationColumns(t, language, report)}
          dataSource={report.recent}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty description={t('consistency.noDeviations')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ),
          }}
          data-testid="consistency-deviations"
        />
      </Card>
    </>
  );
}

/**
 * 处理一致性 (`/reports/consistency`): how the platform's decisions in a period followed the policy pack's
 * recommendation — the figure a supervisor reports to the regulator, where the deviations cluster (category,
 * decider), and each deviating decision with its reason, one click from the case.
 */
export default function ConsistencyPage() {
  const { t } = useI18n();
  const { from, to, setPeriod } = usePeriod();
  const query = useQuery({
    queryKey: ['reports', 'consistency', from, to],
    queryFn: ({ signal }) => getConsistency(periodInstants({ from, to }), signal),
    placeholderData: (previous) => previous,
  });
  const report = query.data;
  return (
    <div data-testid="consistency">
      <PageHeading
        title={t('consistency.title')}
        subtitle={t('consistency.subtitle')}
        extra={<PeriodPicker from={from} to={to} setPeriod={setPeriod} />}
      />
      {query.isError && !report ? (
        <ErrorResult
          title={t('consistency.loadError')}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : !report ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : report.decisions === 0 ? (
        <Card>
          <Empty description={t('consistency.empty')} />
        </Card>
      ) : (
        <Report report={report} />
      )}
    </div>
  );
}
