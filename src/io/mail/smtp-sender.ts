// The SMTP adapter: our own client (smtp-client.ts, smtp-pool.ts) sends finished messages as they are (`raw`),
// nothing re-encoded, and every failure says where it happened and whether the end of DATA had left.
import type { OutgoingMessage, SendCallOptions, Sender, SendResult } from '../../core/delivery/sender.js';
import type { SmtpConfig } from './config.js';
import { SmtpSendError } from './smtp-client.js';
import { SmtpPool } from './smtp-pool.js';
import { DEFAULT_SMTP_TIMEOUTS, type SmtpTimeouts } from './timeouts.js';

export { SmtpSendError } from './smtp-client.js';

export interface SmtpSenderOptions {
  /** Connecting and the greeting, in ms; small in tests. */
  connectionTimeoutMs?: number | undefined;
  /** Each command's reply, the body's transfer and the final reply, in ms; small in tests. */
  socketTimeoutMs?: number | undefined;
}

/** A connection carries this many messages, then QUITs and a fresh one takes over (as nodemailer's pool did). */
const MESSAGES_PER_CONNECTION = 100;

export function createSmtpSender(config: SmtpConfig, options: SmtpSenderOptions = {}): Sender {
  const pool = new SmtpPool({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    auth: config.auth,
    ca: config.ca,
    timeouts: timeoutsFor(config, options),
    maxConnections: config.maxConnections,
    maxMessages: MESSAGES_PER_CONNECTION,
  });
  return {
    maxInFlight: config.maxConnections,
    async send(message: OutgoingMessage, callOptions: SendCallOptions = {}): Promise<SendResult> {
      try {
        return await pool.send(message, callOptions);
      } catch (error) {
        throw toSendError(error, config);
      }
    },
    close: () => pool.close(),
  };
}

function timeoutsFor(config: SmtpConfig, options: SmtpSenderOptions): SmtpTimeouts {
  const timeouts = { ...(config.timeouts ?? DEFAULT_SMTP_TIMEOUTS) };
  const { connectionTimeoutMs: connect, socketTimeoutMs: socket } = options;
  if (connect !== undefined) Object.assign(timeouts, { connectMs: connect, greetingMs: connect });
  if (socket !== undefined) Object.assign(timeouts, { commandMs: socket, dataMs: socket, replyMs: socket });
  return timeouts;
}

const WHERE: Record<SmtpSendError['phase'], string> = {
  connect: 'connecting',
  greeting: 'waiting for the greeting',
  ehlo: 'after EHLO',
  starttls: 'after STARTTLS',
  auth: 'after AUTH',
  mail: 'after MAIL FROM',
  rcpt: 'after RCPT TO',
  data: 'after DATA',
  body: 'while sending the message',
  'final-reply': 'waiting for the reply to the message',
  rset: 'after RSET',
};

/**
 * The error the runner sees: helpful where a setting is to blame, with anything that might carry a secret left out.
 * An error that is not our client's own cannot say how far the message got: it is taken to have reached the server
 * (committed), so that it can never cause a second copy.
 */
export function toSendError(error: unknown, config: SmtpConfig): SmtpSendError {
  const facts = error instanceof SmtpSendError ? error : new SmtpSendError(String((error as Error)?.message ?? error), { code: undefined, phase: 'connect', committed: true });
  let message = facts.message;
  if (facts.code === 'ETLS') message = `${message} (refusing to send without TLS to ${config.host}; --insecure allows it)`;
  else if (facts.originalCode && /CERT|SELF_SIGNED|UNABLE_TO/.test(facts.originalCode)) message = `${message}: the certificate of ${config.host} is not trusted (SMTP_TLS_CA_FILE names a CA to trust)`;
  if (facts.responseCode === undefined) {
    const doubt = facts.committed ? '; the end of the message had been sent, so the server may have it' : '';
    message = `${message} (${WHERE[facts.phase]}${doubt})`;
  }
  return new SmtpSendError(
    redact(message, config)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    facts,
  );
}

/** A server may echo what it was sent (AUTH PLAIN and LOGIN send base64); the password must not travel on in an error. */
function redact(message: string, config: SmtpConfig): string {
  if (!config.auth?.pass) return message;
  const { user, pass } = config.auth;
  const secrets = [pass, Buffer.from(pass).toString('base64'), Buffer.from(`\0${user}\0${pass}`).toString('base64')];
  return secrets.reduce((text, secret) => text.split(secret).join('***'), message);
}
