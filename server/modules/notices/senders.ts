import { randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import { maskEmail, maskPhone } from '../privacy/masking.js';

/**
 * Outbound channels behind interfaces: the notice job hands a rendered message to a sender and records what
 * happened. A sender throws when the message was not accepted; the job runner retries with backoff.
 */
export type EmailMessage = { to: string; subject: string; text: string };
export type SmsMessage = { to: string; text: string };

export interface EmailSender {
  /** Shown in the delivery record (`smtp`, `log`). */
  readonly name: string;
  /** @returns the sender's id for the message. @throws when the message was not accepted. */
  send(m: EmailMessage): Promise<{ providerRef: string }>;
}

export interface SmsSender {
  readonly name: string;
  send(m: SmsMessage): Promise<{ providerRef: string }>;
}

/** The senders in use; a channel without one is not offered (no delivery record is queued for it). */
export type NoticeSenders = { email: EmailSender | null; sms: SmsSender | null };

type LogSink = { info(obj: object, msg: string): void };

/**
 * Email over SMTP (nodemailer): `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
 * `smtps://…:465`. The subject is RFC 2047-encoded and the body sent as UTF-8, so Chinese text arrives intact.
 */
export class SmtpEmailSender implements EmailSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
    opts: { timeoutMs?: number } = {},
  ) {
    const t = opts.timeoutMs ?? 15_000;
    this.transport = createTransport({
      url,
      connectionTimeout: t,
      greetingTimeout: t,
      socketTimeout: t,
    });
  }
  async send(m: EmailMessage): Promise<{ providerRef: string }> {
    const info = (await this.transport.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
    })) as { messageId?: string; rejected?: unknown[] };
    if (info.rejected && info.rejected.length > 0) throw new Error('the SMTP server rejected the recipient');
    return { providerRef: info.messageId ?? '' };
  }
  close(): void {
    this.transport.close();
  }
}

/**
 * A simulated sender that writes the message to the log instead of sending it (development, demos, and SMS
 * until a provider adapter — Aliyun, Tencent Cloud — implements `SmsSender`). The address is logged masked.
 */
export class LoggingSender implements EmailSender, SmsSender {
  readonly name = 'log';
  constructor(
    private readonly channel: 'email' | 'sms',
    private readonly log: LogSink,
  ) {}
  async send(m: EmailMessage | SmsMessage): Promise<{ providerRef: string }> {
    const providerRef = `log-${randomUUID()}`;
    this.log.info(
      { channel: this.channel, to: maskAddress(this.channel, m.to), providerRef, text: m.text },
      `simulated ${this.channel} (not sent)`,
    );
    return { providerRef };
  }
}

/** The address as records and logs may show it. */
export function maskAddress(channel: 'email' | 'sms', to: string): string {
  return channel === 'sms' ? maskPhone(to) : maskEmail(to);
}

/** The senders the configuration asks for: SMTP when a URL is set, else simulated; SMS simulated or off. */
export function sendersFromConfig(
  c: { smtpUrl: string | undefined; mailFrom: string; sms: 'log' | 'off' },
  log: LogSink,
): NoticeSenders {
  return {
    email: c.smtpUrl ? new SmtpEmailSender(c.smtpUrl, c.mailFrom) : new LoggingSender('email', log),
    sms: c.sms === 'log' ? new LoggingSender('sms', log) : null,
  };
}
