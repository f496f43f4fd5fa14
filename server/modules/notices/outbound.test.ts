import { createServer, type Server } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session } from '../../test/app.js';
import { bj, caseKit, type TestApp } from '../../test/cases.js';
import { testDbKinds } from '../../test/db.js';
import type { TestTenant } from '../../test/factories.js';
import { users } from '../accounts/accounts.table.js';
import { runDueJobs } from '../jobs/jobs.js';
import { DELIVERY_ATTEMPTS, noticeJobHandlers } from './notify.js';
import { LoggingSender, SmtpEmailSender, type SmsMessage, type SmsSender } from './senders.js';

/** A minimal SMTP server that accepts every message and keeps its raw DATA (what a real relay receives). */
async function smtpSink(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued as sink-1\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl).toUpperCase();
        buffer = buffer.slice(nl + 2);
        if (line.startsWith('EHLO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, messages };
}

/** An SMS provider that refuses the first `failures` messages (a provider outage), recording what it took. */
class FlakySms implements SmsSender {
  readonly name = 'flaky';
  readonly sent: SmsMessage[] = [];
  constructor(private failures: number) {}
  async send(m: SmsMessage) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('provider unavailable (503)');
    }
    this.sent.push({ to: m.to, text: m.text });
    return { providerRef: `sms-${this.sent.length}` };
  }
}

type Delivery = {
  channel: string;
  address: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
};

describe.each(testDbKinds)('email and SMS notices through the outbox on %s', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let email: SmtpEmailSender;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(bj('2026-11-02T10:00'));
    tenant = await t.tenant();
    // The consumer gave an email too (sealed like every PII column); the merchant members gave no address.
    await t.db
      .update(users)
      .set({ emailEnc: t.pii.encrypt('zhang.san@example.com', 'users.email') })
      .where(eq(users.id, tenant.users.consumer.id));
    sink = await smtpSink();
    email = new SmtpEmailSender(`smtp://127.0.0.1:${sink.port}`, 'Accord <no-reply@accord.test>');
  });
  afterAll(async () => {
    email.close();
    sink.server.close();
    await t.close();
  });

  const run = (sms: SmsSender) =>
    runDueJobs(
      t.db,
      noticeJobHandlers(t.db, () => t.clock.now(), { pii: t.pii, senders: { email, sms } }),
      {
        now: () => t.clock.now(),
      },
    );
  const deliveries = async (who: Session, caseId: string) =>
    (await caseKit(t, tenant).read(who, caseId)).deliveries as Delivery[] | undefined;

  it('emails over SMTP and texts the claimant, retrying the SMS with backoff; staff see the records, parties do not', async () => {
    const kit = caseKit(t, tenant);
    const consumer = await t.login(tenant, 'consumer');
    const agent = await t.login(tenant, 'agent');
    const c = await kit.file(consumer, kit.complaint(await kit.newOrder('O-mail')));
    await kit.act(agent, c.id, 'accept');
    const sms = new FlakySms(2);
    await run(sms); // case.notify: inbox notices written, email + SMS queued in the same transaction
    const queued = await deliveries(agent, c.id);
    expect(queued?.filter((d) => d.channel !== 'inbox')).toEqual([
      expect.objectContaining({
        channel: 'email',
        address: 'z***@example.com',
        status: 'queued',
        attempts: 0,
      }),
      expect.objectContaining({ channel: 'sms', address: '138****1111', status: 'queued', attempts: 0 }),
    ]);

    await run(sms); // email goes out; the SMS provider is down
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!;
    expect(mail).toMatch(/^To: zhang\.san@example\.com/m);
    expect(mail).toMatch(/^Subject: =\?UTF-8\?/m); // the Chinese subject, RFC 2047-encoded
    const sms1 = (await deliveries(agent, c.id))!.find((d) => d.channel === 'sms')!;
    expect(sms1).toMatchObject({ status: 'queued', attempts: 1, lastError: 'provider unavailable (503)' });

    await run(sms); // backoff: nothing is due yet
    expect((await deliveries(agent, c.id))!.find((d) => d.channel === 'sms')!.attempts).toBe(1);
    t.clock.advance(10_000);
    await run(sms); // second failure, next try 20 s later
    t.clock.advance(20_000);
    await run(sms);
    expect(sms.sent).toEqual([
      { to: '13800001111', text: expect.stringMatching(/^【Accord】您的案件 AC-.*平台已受理/) },
    ]);
    const done = await deliveries(agent, c.id);
    expect(done?.filter((d) => d.channel !== 'inbox').map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['sms', 'sent', 3],
    ]);
    expect(await deliveries(consumer, c.id)).toBeUndefined();

    // The records are part of the case file.
    const handler = await t.login(tenant, 'handler');
    const file = (
      await t.app.inject({ url: `/api/v1/cases/${c.id}/export?purpose=audit`, headers: t.as(handler) })
    ).json<{
      notices: { channel: string; status: string; attempts: number; providerRef: string | null }[];
    }>();
    expect(file.notices.filter((n) => n.channel === 'sms')).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 3, providerRef: 'flaky:sms-1' }),
    ]);
  });

  it('records a delivery as failed after its last attempt; a notice limited to the inbox queues no email or SMS', async () => {
    const kit = caseKit(t, tenant);
    const consumer = await t.login(tenant, 'consumer');
    const agent = await t.login(tenant, 'agent');
    const handler = await t.login(tenant, 'handler');
    const c = await kit.file(consumer, kit.complaint(await kit.newOrder('O-fail')));
    await kit.act(agent, c.id, 'accept');
    await kit.act(handler, c.id, 'decide', {
      text: '退款',
      remedies: [],
      clauses: ['seed 001'],
      deviationReason: '双方线下已和解，平台不再判定退款。',
    });
    const down = new FlakySms(Number.POSITIVE_INFINITY);
    for (let i = 0; i <= DELIVERY_ATTEMPTS + 1; i++) {
      await run(down);
      t.clock.advance(3_600_000);
    }
    const smsRows = (await deliveries(handler, c.id))!.filter((d) => d.channel === 'sms');
    expect(smsRows).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: DELIVERY_ATTEMPTS,
        lastError: 'provider unavailable (503)',
      }),
      expect.objectContaining({ status: 'failed', attempts: DELIVERY_ATTEMPTS }),
    ]);
    const before = (await deliveries(handler, c.id))!.length;
    const h2 = await t.login(tenant, 'handler');
    await kit.act(h2, c.id, 'send_notice', { channels: ['inbox'] });
    await run(down);
    const after = (await deliveries(h2, c.id))!;
    // Two inbox notices (claimant, merchant member) and nothing else.
    expect(after.slice(before).map((d) => d.channel)).toEqual(['inbox', 'inbox']);
  });

  it('simulates SMS in the log with the number masked', async () => {
    const lines: { obj: object; msg: string }[] = [];
    const sender = new LoggingSender('sms', { info: (obj, msg) => lines.push({ obj, msg }) });
    const r = await sender.send({ to: '13912345678', text: '【Accord】测试' });
    expect(r.providerRef).toMatch(/^log-/);
    expect(lines).toEqual([
      {
        obj: expect.objectContaining({ to: '139****5678', text: '【Accord】测试' }),
        msg: 'simulated sms (not sent)',
      },
    ]);
  });
});
