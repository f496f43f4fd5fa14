import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';

const DAY_MS = 86_400_000;
const PRESETS = [7, 30, 90] as const;

/** Today's date in Beijing time (YYYY-MM-DD): reports count Asia/Shanghai days. */
export const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
/** `date` (YYYY-MM-DD) moved by `days`. */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

export type Period = { from: string; to: string };

/**
 * The period in the address (`?from=&to=`, so a report can be bookmarked and shared), else the last 30 days
 * ending today in Beijing time.
 */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const to = isDate(params.get('to')) ? params.get('to')! : shanghaiToday();
  const from = isDate(params.get('from')) ? params.get('from')! : addDays(to, -29);
  const setPeriod = (next: Period) => setParams(next, { replace: true });
  return { from, to, setPeriod };
}

/** The period's Beijing days as the instants [from 00:00, the day after `to` 00:00) in +08:00. */
export const periodInstants = ({ from, to }: Period) => ({
  from: `${from}T00:00:00+08:00`,
  to: `${addDays(to, 1)}T00:00:00+08:00`,
});

/** Presets (7/30/90 days to today) and a date range, both writing the period into the address. */
export function PeriodPicker({ from, to, setPeriod }: Period & { setPeriod: (next: Period) => void }) {
  const { t } = useI18n();
  const today = shanghaiToday();
  const preset = PRESETS.find((n) => to === today && from === addDays(today, -(n - 1)));
  return (
    <Space wrap>
      <Segmented
        aria-label={t('dashboard.range')}
        value={preset ?? 0}
        options={PRESETS.map((n) => ({ value: n, label: t(`dashboard.preset.${n}`) }))}
        onChange={(n) => setPeriod({ from: addDays(today, -(Number(n) - 1)), to: today })}
      />
      <DatePicker.RangePicker
        aria-label={t('dashboard.range')}
        allowClear={false}
        value={[dayjs(from), dayjs(to)]}
        disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') > today}
        onChange={(range) => {
          if (range?.[0] && range[1])
            setPeriod({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
        }}
      />
    </Space>
  );
}
