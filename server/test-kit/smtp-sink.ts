import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives, parsed the way a
 * mail client would (mailparser): tests assert on the subject, the text, the HTML and the headers a person
 * would see. It requires AUTH PLAIN/LOGIN with its own user and password (in clear: loopback, no STARTTLS),
 * so a wrong password is refused as a real server would.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  messageId: string | undefined;
  /** Header names in lower case, as mailparser gives them. */
  headers: Map<string, unknown>;
  raw: string;
}

export interface SmtpSink {
  /** smtp://user:password@127.0.0.1:port, ready for SMTP_URL. */
  url: string;
  user: string;
  password: string;
  messages: ReceivedMail[];
  /** The next `times` messages are refused at DATA with this SMTP reply code (4xx transient, 5xx permanent). */
  failNext(times: number, code?: number): void;
  /** Resolves once `count` messages have arrived (rejects after `timeoutMs` with what did arrive). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink({ user = 'alerts@sink.test', password = 'sink-password' }: { user?: string; password?: string } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const failures: number[] = [];
  const waiters: Array<() => void> = [];

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const code = failures.shift();
        if (code) return callback(Object.assign(new Error(code >= 500 ? 'Message rejected' : 'Try again later'), { responseCode: code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              messageId: parsed.messageId,
              headers: parsed.headers,
              raw,
            });
            // Accepted only once recorded: a client told "250 OK" can rely on the test seeing the message.
            callback();
            waiters.splice(0).forEach((wake) => wake());
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    messages,
    failNext(times, code = 451) {
      for (let i = 0; i < times; i++) failures.push(code);
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} messages, got ${messages.length}: ${messages.map((m) => m.subject).join(' | ')}`)), timeoutMs);
        const check = () => {
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve(messages.slice());
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

