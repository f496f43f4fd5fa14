import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { errorHandler } from '../../http/problem.js';
import { calendarRoutes, type CalendarRoutesOptions } from './calendar.routes.js';
import { buildWorkCalendar } from './work-calendar.js';

/**
 * A bare Fastify instance with only the calendar routes, the Zod compilers and the app's problem+json error
 * handler, for route tests (no database, no auth: the routes are public).
 */
export async function buildCalendarTestApp(
  getCalendar: CalendarRoutesOptions['getCalendar'] = async () => buildWorkCalendar(),
): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(calendarRoutes, { prefix: '/api/v1', getCalendar });
  await app.ready();
  return app;
}
