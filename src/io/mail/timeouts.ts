// Deadlines for each step of an SMTP exchange, from SMTP_*_TIMEOUT (seconds, decimals allowed).
import { problem } from '../../core/errors.js';
import type { Problem } from '../../core/types.js';

export interface SmtpTimeouts {
  /** TCP (and for smtps, TLS) connection established. */
  connectMs: number;
  /** The server's 220 greeting. */
  greetingMs: number;
  /** The whole reply to one command (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, RSET), however many lines. */
  commandMs: number;
  /** The message body handed to the network (the socket drained). */
  dataMs: number;
  /** The reply after the end of DATA; RFC 5321 §4.5.3.2.6 asks a client to wait 10 minutes. */
  replyMs: number;
  /** One message from start to end, connecting included. */
  messageMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectMs: 30_000,
  greetingMs: 60_000,
  commandMs: 60_000,
  dataMs: 120_000,
  replyMs: 600_000,
  messageMs: 900_000,
};

const VARIABLES: readonly [keyof SmtpTimeouts, string][] = [
  ['connectMs', 'SMTP_CONNECT_TIMEOUT'],
  ['greetingMs', 'SMTP_GREETING_TIMEOUT'],
  ['commandMs', 'SMTP_COMMAND_TIMEOUT'],
  ['dataMs', 'SMTP_DATA_TIMEOUT'],
  ['replyMs', 'SMTP_REPLY_TIMEOUT'],
  ['messageMs', 'SMTP_MESSAGE_TIMEOUT'],
];

/** A day: longer than any sane deadline, short enough for setTimeout. */
const MAX_SECONDS = 86_400;

/** Reads the six timeouts; an unset one keeps its default; every bad one is a problem, all reported at once. */
export function smtpTimeoutsFromEnv(env: Readonly<Record<string, string | undefined>>): { timeouts: SmtpTimeouts; problems: Problem[] } {
  const timeouts: SmtpTimeouts = { ...DEFAULT_SMTP_TIMEOUTS };
  const problems: Problem[] = [];
  for (const [key, name] of VARIABLES) {
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_SECONDS))
      problems.push(
        problem('environment', undefined, name, `"${text}" is not a number of seconds above 0 and at most ${MAX_SECONDS}`, `e.g. ${DEFAULT_SMTP_TIMEOUTS[key] / 1000}, or 0.5 for half a second`),
      );
    else timeouts[key] = Math.max(1, Math.round(seconds * 1000));
  }
  return { timeouts, problems };
}
