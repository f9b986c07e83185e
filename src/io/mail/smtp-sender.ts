// The SMTP adapter: a nodemailer pool that sends finished messages as they are (`raw`), nothing re-encoded.
import nodemailer from 'nodemailer';
import type { OutgoingMessage, Sender, SendResult } from '../../core/delivery/sender.js';
import type { SmtpConfig } from './config.js';

export interface SmtpSenderOptions {
  /** Timeouts in ms; small in tests. */
  connectionTimeoutMs?: number | undefined;
  socketTimeoutMs?: number | undefined;
}

/** An error the runner can classify, with anything that might carry a secret left out. */
export class SmtpSendError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
    readonly originalCode?: string | undefined,
  ) {
    super(message);
    this.name = 'SmtpSendError';
  }
}

export function createSmtpSender(config: SmtpConfig, options: SmtpSenderOptions = {}): Sender {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: config.maxConnections,
    maxMessages: 100,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    auth: config.auth,
    tls: { ca: config.ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: options.connectionTimeoutMs ?? 30_000,
    socketTimeout: options.socketTimeoutMs ?? 120_000,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    maxInFlight: config.maxConnections,
    async send(message: OutgoingMessage): Promise<SendResult> {
      try {
        const info = await transport.sendMail({ envelope: message.envelope, raw: Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength) });
        return {
          messageId: message.messageId,
          response: String(info.response ?? ''),
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        };
      } catch (error) {
        throw toSendError(error, config);
      }
    },
    close(): void {
      transport.close();
    },
  };
}

function toSendError(error: unknown, config: SmtpConfig): SmtpSendError {
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string; originalCode?: string };
  let message = String(e.response ?? e.message ?? error);
  if (e.code === 'ETLS' || /STARTTLS/i.test(message)) message = `${message} (refusing to send without TLS to ${config.host}; --insecure allows it)`;
  else if (e.originalCode && /CERT|SELF_SIGNED|UNABLE_TO/.test(e.originalCode))
    message = `${message}: the certificate of ${config.host} is not trusted (SMTP_TLS_CA_FILE names a CA to trust)`;
  // A server may echo what it was sent (AUTH PLAIN and LOGIN send base64); the password must not travel on in an error.
  if (config.auth?.pass) {
    const { user, pass } = config.auth;
    for (const secret of [pass, Buffer.from(pass).toString('base64'), Buffer.from(`\0${user}\0${pass}`).toString('base64')])
      message = message.split(secret).join('***');
  }
  return new SmtpSendError(message.replace(/[\r\n]+/g, ' ').trim(), e.code, e.responseCode, e.originalCode);
}
