import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import { UpstreamError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The same id on every attempt of one step, so a mail client can drop a duplicate after a restart. */
  messageId: string;
  priority: 'high' | 'normal';
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * Email through SMTP_URL with nodemailer. The password is a secret like the others: the one in SMTP_URL, or
 * SMTP_PASSWORD set through the admin API later (read on each send, so a change needs no restart).
 */
export function createMailer({ config, secrets }: { config: Config; secrets: SecretStore }): Mailer {
  let cached: { password: string | undefined; transport: Transporter } | undefined;

  async function transport(): Promise<Transporter> {
    if (!config.smtpUrl) throw new UpstreamError('smtp', 'Email is not configured (SMTP_URL)', false);
    const password = await secrets.get('SMTP_PASSWORD');
    if (cached && cached.password === password) return cached.transport;
    cached?.transport.close();
    const url = new URL(config.smtpUrl);
    const secure = url.protocol === 'smtps:';
    const user = decodeURIComponent(url.username);
    const created = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (secure ? 465 : 587),
      secure,
      auth: user ? { user, pass: password ?? decodeURIComponent(url.password) } : undefined,
      // An alert must not hang on a dead mail server: fail, record it, and retry with backoff.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    cached = { password, transport: created };
    return created;
  }

  const from = config.smtpFrom ?? defaultFrom(config.smtpUrl);

  return {
    async send(email) {
      const mailer = await transport();
      try {
        const info = await mailer.sendMail({
          from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          priority: email.priority,
        });
        return { messageId: info.messageId ?? email.messageId };
      } catch (error) {
        throw toSmtpError(error);
      }
    },
    close() {
      cached?.transport.close();
      cached = undefined;
    },
  };
}

function defaultFrom(smtpUrl: string | undefined): string {
  const user = smtpUrl ? decodeURIComponent(new URL(smtpUrl).username) : '';
  return user.includes('@') ? `"Leads Agent" <${user}>` : '"Leads Agent" <leads-agent@localhost>';
}

/**
 * SMTP's own rule (RFC 5321): 4yz replies are transient, 5yz permanent; nodemailer sets `permanent` from the
 * reply. Without a reply, bad credentials or a refused envelope will not fix themselves; a lost connection may.
 */
export function toSmtpError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const { code, responseCode, permanent, message } = error as { code?: string; responseCode?: number; permanent?: boolean; message?: string };
  const text = `The mail server ${responseCode ? `answered ${responseCode}` : 'failed'}${code ? ` (${code})` : ''}: ${message ?? String(error)}`;
  if (permanent !== undefined) return new UpstreamError('smtp', text, !permanent, responseCode);
  const hopeless = ['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EMESSAGE'].includes(code ?? '');
  return new UpstreamError('smtp', text, !hopeless, responseCode);
}
