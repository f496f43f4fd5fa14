import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../http/problem.js';
import { calendarRoutes, type CalendarRoutesOptions } from './calendar.routes.js';
import { buildWorkCalendar } from './work-calendar.js';

let app: FastifyInstance;
const requestedTenants: (string | null)[] = [];

// A bare app: only the calendar routes, the Zod compilers and the app's problem+json error handler.
async function buildCalendarTestApp(
  getCalendar: CalendarRoutesOptions['getCalendar'],
): Promise<FastifyInstance> {
  const instance = Fastify();
  instance.setValidatorCompiler(validatorCompiler);
  instance.setSerializerCompiler(serializerCompiler);
  instance.setErrorHandler(errorHandler);
  await instance.register(calendarRoutes, { prefix: '/api/v1', getCalendar });
  await instance.ready();
  return instance;
}

beforeAll(async () => {
  app = await buildCalendarTestApp(async (tenantId) => {
    requestedTenants.push(tenantId);
    return buildWorkCalendar();
  });
});
afterAll(async () => app.close());

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { 'accept-language': 'en' } });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

async function fieldErrorsOf(url: string): Promise<{ path: string; message: string }[]> {
  const { status, body } = await get(url);
  expect(status).toBe(400);
  expect(body.code).toBe('VALIDATION_FAILED');
  return (body.errors as { path: string; message: string }[]).map(({ path, message }) => ({ path, message }));
}

describe('GET /api/v1/calendar/add', () => {
  it.each([
    ['/calendar/add?from=2026-04-30&workingDays=1', { date: '2026-05-06', provisional: false }],
    ['/calendar/add?from=2026-12-30&workingDays=2', { date: '2027-01-04', provisional: true }],
    ['/calendar/add?from=2026-04-30&calendarDays=1', { date: '2026-05-01', provisional: false }],
    [
      '/calendar/add?from=2026-04-30&calendarDays=1&extendPastHoliday=true',
      { date: '2026-05-06', provisional: false },
    ],
    [
      '/calendar/add?from=2026-04-30&calendarDays=1&extendPastHoliday=false',
      { date: '2026-05-01', provisional: false },
    ],
    [
      '/calendar/add?from=2026-04-30T10:00:00%2B08:00&hours=24',
      { at: '2026-05-01T02:00:00.000Z', provisional: false },
    ],
    [
      '/calendar/add?from=2026-04-30T02:00:00Z&hours=1.5',
      { at: '2026-04-30T03:30:00.000Z', provisional: false },
    ],
  ])('%s → %j', async (url, expected) => {
    const { status, body } = await get(url);
    expect(status).toBe(200);
    expect(body).toEqual(expected);
  });

  it('serves the platform calendar to an anonymous caller', async () => {
    requestedTenants.length = 0;
    await get('/calendar/add?from=2026-04-30&workingDays=1');
    expect(requestedTenants).toEqual([null]);
  });

  it.each([
    ['/calendar/add?from=2026-04-30', 'query', 'give exactly one of workingDays, calendarDays, hours'],
    [
      '/calendar/add?from=2026-04-30&workingDays=1&calendarDays=2',
      'query',
      'give exactly one of workingDays, calendarDays, hours',
    ],
    [
      '/calendar/add?from=2026-04-30&workingDays=1&extendPastHoliday=true',
      'query.extendPastHoliday',
      'extendPastHoliday applies to calendarDays only',
    ],
    [
      '/calendar/add?from=2026-04-31&workingDays=1',
      'query.from',
      'with workingDays or calendarDays, from must be a date written YYYY-MM-DD (e.g. 2026-04-30)',
    ],
    [
      '/calendar/add?from=2026-04-30T10:00:00Z&workingDays=1',
      'query.from',
      'with workingDays or calendarDays, from must be a date written YYYY-MM-DD (e.g. 2026-04-30)',
    ],
    [
      '/calendar/add?from=2026-04-30&hours=2',
      'query.from',
      'with hours, from must be an ISO 8601 date-time with an offset (e.g. 2026-04-30T10:00:00+08:00)',
    ],
    [
      '/calendar/add?from=2126-04-30&calendarDays=2',
      'query.from',
      'with workingDays or calendarDays, from must be between 2024-01-01 and 2099-12-31',
    ],
    ['/calendar/add?from=2026-04-30&workingDays=-1', 'query.workingDays', 'must be a whole number ≥ 0'],
    ['/calendar/add?from=2026-04-30&workingDays=4000', 'query.workingDays', 'must be at most 3650'],
    [
      '/calendar/add?from=2026-04-30&calendarDays=3&extendPastHoliday=yes',
      'query.extendPastHoliday',
      undefined,
    ],
  ])('rejects %s', async (url, path, message) => {
    const errors = await fieldErrorsOf(url);
    expect(errors.map((e) => e.path)).toContain(path);
    if (message) expect(errors.find((e) => e.path === path)?.message).toBe(message);
  });

  it('answers 422 when the result would leave the supported years', async () => {
    const { status, body } = await get('/calendar/add?from=2099-12-30&workingDays=5');
    expect(status).toBe(422);
    expect(body.code).toBe('UNPROCESSABLE');
  });
});

describe('GET /api/v1/calendar/working-days', () => {
  it('lists the working days after from, up to and including to', async () => {
    const { status, body } = await get('/calendar/working-days?from=2026-09-30&to=2026-10-12');
    expect(status).toBe(200);
    expect(body).toEqual({
      count: 4,
      days: ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12'],
      provisional: false,
    });
  });

  it('flags a range reaching into an unpublished year', async () => {
    expect((await get('/calendar/working-days?from=2026-12-30&to=2027-01-04')).body).toEqual({
      count: 2,
      days: ['2026-12-31', '2027-01-04'],
      provisional: true,
    });
  });

  it.each([
    ['/calendar/working-days?from=2026-05-06&to=2026-05-05', 'query.to', 'to must not be before from'],
    [
      '/calendar/working-days?from=2026-01-01&to=2029-01-02',
      'query.to',
      'the range may span at most 3 years (to ≤ from + 36 months)',
    ],
    ['/calendar/working-days?from=2026-01-01', 'query.to', undefined],
    [
      '/calendar/working-days?from=01/05/2026&to=2026-05-05',
      'query.from',
      'must be a date written YYYY-MM-DD (e.g. 2026-04-30)',
    ],
  ])('rejects %s', async (url, path, message) => {
    const errors = await fieldErrorsOf(url);
    expect(errors.map((e) => e.path)).toContain(path);
    if (message) expect(errors.find((e) => e.path === path)?.message).toBe(message);
  });

  it('accepts exactly three years', async () => {
    expect((await get('/calendar/working-days?from=2024-01-01&to=2027-01-01')).status).toBe(200);
  });
});

describe('GET /api/v1/calendar/day/:date', () => {
  it.each([
    ['2026-10-10', { date: '2026-10-10', workingDay: true, reason: '调休上班 (国庆节)', provisional: false }],
    ['2026-10-12', { date: '2026-10-12', workingDay: true, reason: '工作日', provisional: false }],
    ['2026-10-17', { date: '2026-10-17', workingDay: false, reason: '周末', provisional: false }],
    ['2026-10-01', { date: '2026-10-01', workingDay: false, reason: '国庆节', provisional: false }],
    ['2027-02-06', { date: '2027-02-06', workingDay: false, reason: '春节', provisional: true }],
  ])('%s → %j', async (date, expected) => {
    const { status, body } = await get(`/calendar/day/${date}`);
    expect(status).toBe(200);
    expect(body).toEqual(expected);
  });

  it('rejects a date that does not exist', async () => {
    expect(await fieldErrorsOf('/calendar/day/2026-02-30')).toEqual([
      { path: 'params.date', message: 'must be a date written YYYY-MM-DD (e.g. 2026-04-30)' },
    ]);
  });
});

describe('robustness', () => {
  const value = fc.oneof(
    fc.constantFrom(
      '2026-04-30',
      '2024-01-01',
      '2099-12-31',
      '2026-02-30',
      '2026-04-30T10:00:00+08:00',
      '',
      '-1',
      '1.5',
    ),
    fc.nat({ max: 40_000 }).map(String),
    fc.string({ maxLength: 12 }),
  );
  const query = fc.dictionary(
    fc.constantFrom('from', 'to', 'workingDays', 'calendarDays', 'hours', 'extendPastHoliday'),
    value,
  );

  it('answers 200, 400 or 422 — never 500 — whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('add', 'working-days'), query, async (route, q) => {
        const res = await app.inject({
          url: `/api/v1/calendar/${route}?${new URLSearchParams(q).toString()}`,
        });
        expect([200, 400, 422]).toContain(res.statusCode);
      }),
      { numRuns: 300 },
    );
  });
});
