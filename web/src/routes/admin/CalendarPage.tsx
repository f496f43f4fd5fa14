import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  getCalendarSettings,
  listHolidayNotices,
  loadHolidayNotice,
  saveCalendarSettings,
  type CalendarSettings,
  type HolidayNotice,
  type LoadNoticeBody,
} from '../../api/admin';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';

const SETTINGS_KEY = ['admin', 'calendar', 'settings'] as const;
const NOTICES_KEY = ['admin', 'calendar', 'notices'] as const;

/** A 'YYYY-MM-DD' form value shown in a DatePicker. */
const dateProps = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => value?.format('YYYY-MM-DD'),
};

function DayList({
  name,
  titleKey,
  addKey,
}: {
  name: 'closures' | 'extraWorkingDays';
  titleKey: MessageKey;
  addKey: MessageKey;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="day-list">
      <legend className="subheading">{t(titleKey)}</legend>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item
                  name={[field.name, 'date']}
                  rules={[{ required: true, message: t('admin.calendar.date.required') }]}
                  {...dateProps}
                >
                  <DatePicker aria-label={t('admin.calendar.date')} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, message: t('admin.calendar.dayName.required') }]}
                >
                  <Input
                    aria-label={t('admin.calendar.dayName')}
                    placeholder={t('admin.calendar.dayName')}
                    maxLength={50}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={t('admin.calendar.remove')}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => add({ date: undefined, name: '' })}
            >
              {t(addKey)}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

function SettingsCard({ settings }: { settings: CalendarSettings }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CalendarSettings>();
  const { formError, setFormError, onError } = useFormError(form);
  const save = useMutation({
    mutationFn: saveCalendarSettings,
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
      void message.success(t('admin.calendar.saved', { count: r.deadlinesRecomputed }));
    },
    onError: (error) => onError(error),
  });
  return (
    <Card
      title={<h2 className="card-heading">{t('admin.calendar.settings')}</h2>}
      data-testid="calendar-settings"
    >
      <Typography.Paragraph type="secondary">{t('admin.calendar.settingsHint')}</Typography.Paragraph>
      <Form<CalendarSettings>
        form={form}
        layout="vertical"
        initialValues={settings}
        onFinish={(v) => {
          setFormError(null);
          save.mutate({
            base: v.base,
            closures: v.closures ?? [],
            extraWorkingDays: v.extraWorkingDays ?? [],
          });
        }}
      >
        <Form.Item name="base" label={t('admin.calendar.base')}>
          <Select
            style={{ maxWidth: 280 }}
            options={[
              { value: 'CN', label: t('admin.calendar.base.CN') },
              { value: 'HK', label: t('admin.calendar.base.HK') },
            ]}
          />
        </Form.Item>
        <DayList name="closures" titleKey="admin.calendar.closures" addKey="admin.calendar.addClosure" />
        <DayList name="extraWorkingDays" titleKey="admin.calendar.extra" addKey="admin.calendar.addExtra" />
        <FormErrorAlert error={formError} />
        <Button type="primary" htmlType="submit" loading={save.isPending} className="section-gap">
          {t('admin.calendar.save')}
        </Button>
      </Form>
    </Card>
  );
}

type ImportValues = {
  format: 'json' | 'ics';
  text: string;
  year?: number;
  region: 'CN' | 'HK';
  source?: string;
};

function NoticesCard() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const notices = useQuery({ queryKey: NOTICES_KEY, queryFn: ({ signal }) => listHolidayNotices(signal) });
  const [form] = Form.useForm<ImportValues>();
  const format = Form.useWatch('format', form);
  const { formError, setFormError, onError } = useFormError(form);
  const load = useMutation({
    mutationFn: (body: LoadNoticeBody) => loadHolidayNotice(body),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
      void message.success(t('admin.calendar.loaded', { year: r.year, count: r.deadlinesRecomputed }));
      form.resetFields(['text']);
    },
    onError: (error) => onError(error, { ics: ['text'], notice: ['text'], year: ['year'] }),
  });
  const submit = (v: ImportValues) => {
    setFormError(null);
    if (v.format === 'ics') {
      load.mutate({
        format: 'ics',
        ics: v.text,
        year: v.year ?? 0,
        region: v.region,
        ...(v.source ? { source: v.source } : {}),
      });
      return;
    }
    let notice: unknown;
    try {
      notice = JSON.parse(v.text);
    } catch {
      form.setFields([{ name: 'text', errors: [t('admin.calendar.badJson')] }]);
      return;
    }
    if (typeof notice !== 'object' || notice === null || Array.isArray(notice)) {
      form.setFields([{ name: 'text', errors: [t('admin.calendar.badJson')] }]);
      return;
    }
    load.mutate({ format: 'json', notice: notice as Record<string, unknown> });
  };
  const columns: TableColumnsType<HolidayNotice> = [
    { key: 'year', title: t('admin.calendar.year'), dataIndex: 'year' },
    { key: 'region', title: t('admin.calendar.region'), dataIndex: 'region' },
    {
      key: 'scope',
      title: t('admin.calendar.scope'),
      dataIndex: 'scope',
      render: (scope: string) => (
        <Tag color={scope === 'tenant' ? 'blue' : 'default'}>
          {t(`admin.calendar.scope.${scope === 'tenant' ? 'tenant' : 'platform'}`)}
        </Tag>
      ),
    },
    { key: 'days', title: t('admin.calendar.days'), dataIndex: 'days' },
    { key: 'source', title: t('admin.calendar.source'), dataIndex: 'source', ellipsis: true },
    {
      key: 'loaded',
      title: t('admin.calendar.loadedAt'),
      dataIndex: 'loadedAt',
      render: (iso: string) => formatDateTime(iso, language),
    },
  ];
  return (
    <Card
      title={<h2 className="card-heading">{t('admin.calendar.notices')}</h2>}
      data-testid="calendar-notices"
    >
      {notices.isError ? (
        <ErrorResult
          title={t('admin.loadError')}
          error={notices.error}
          onRetry={() => void notices.refetch()}
        />
      ) : (
        <Table<HolidayNotice>
          rowKey="id"
          columns={columns}
          dataSource={notices.data?.items ?? []}
          loading={notices.isPending}
          pagination={false}
          size="small"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('admin.calendar.noNotices') }}
        />
      )}
      <h3 className="subheading">{t('admin.calendar.import')}</h3>
      <Typography.Paragraph type="secondary">{t('admin.calendar.importHint')}</Typography.Paragraph>
      <Form<ImportValues>
        form={form}
        layout="vertical"
        initialValues={{ format: 'json', region: 'CN' }}
        onFinish={submit}
      >
        <Form.Item name="format" label={t('admin.calendar.format')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'json', label: 'JSON' },
              { value: 'ics', label: 'ICS' },
            ]}
          />
        </Form.Item>
        {format === 'ics' ? (
          <Space wrap>
            <Form.Item
              name="year"
              label={t('admin.calendar.year')}
              rules={[{ required: true, message: t('admin.calendar.year.required') }]}
            >
              <InputNumber min={2024} max={2099} />
            </Form.Item>
            <Form.Item name="region" label={t('admin.calendar.region')}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'CN', label: t('admin.calendar.base.CN') },
                  { value: 'HK', label: t('admin.calendar.base.HK') },
                ]}
              />
            </Form.Item>
            <Form.Item name="source" label={t('admin.calendar.source')}>
              <Input style={{ width: 280 }} maxLength={300} />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item
          name="text"
          label={t('admin.calendar.text')}
          rules={[{ required: true, message: t('admin.calendar.text.required') }]}
        >
          <Input.TextArea
            rows={6}
            className="mono"
            placeholder={
              format === 'ics'
                ? 'BEGIN:VCALENDAR…'
                : '{ "region": "CN", "year": 2027, "source": "国办发明电〔2026〕…", "days": [ … ] }'
            }
          />
        </Form.Item>
        <FormErrorAlert error={formError} />
        <Button
          type="primary"
          htmlType="submit"
          icon={<UploadOutlined aria-hidden />}
          loading={load.isPending}
        >
          {t('admin.calendar.load')}
        </Button>
      </Form>
    </Card>
  );
}

/** 日历: the tenant's closures and extra working days, and State Council holiday notices (both recompute deadlines). */
export default function CalendarPage() {
  const { t } = useI18n();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => getCalendarSettings(signal) });
  return (
    <>
      <PageHeading title={t('admin.calendar.title')} subtitle={t('admin.calendar.subtitle')} />
      <Row gutter={[16, 16]} className="section-gap">
        <Col xs={24} xl={11}>
          {settings.isError ? (
            <ErrorResult
              title={t('admin.loadError')}
              error={settings.error}
              onRetry={() => void settings.refetch()}
            />
          ) : settings.data ? (
            <SettingsCard settings={settings.data} />
          ) : (
            <Skeleton active />
          )}
        </Col>
        <Col xs={24} xl={13}>
          <NoticesCard />
        </Col>
      </Row>
    </>
  );
}
