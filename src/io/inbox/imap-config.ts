// Reads IMAP_URL (and IMAP_TLS_CA_FILE, IMAP_CONNECT_TIMEOUT) by the rules SMTP_URL follows: every problem at once as
// InputError naming the variable, and no message ever quoting the URL, since any piece of it may be the password.
import { readFileSync } from 'node:fs';
import { InputError, problem } from '../../core/errors.js';
import type { Problem } from '../../core/types.js';
import { isLoopbackHost, type Env } from '../mail/config.js';

export interface ImapConfig {
  host: string;
  port: number;
  /** TLS from the first byte (imaps, port 993). */
  secure: boolean;
  /** Refuse to log in without STARTTLS. True for imap:// unless the host is loopback or `insecure` was given. */
  requireTLS: boolean;
  user: string;
  pass: string;
  /** The mailbox to read, INBOX unless the URL's path names another. */
  mailbox: string;
  /** Extra CA certificates (PEM), e.g. a private server's. */
  ca?: string | undefined;
  /** Deadline for the connection and for the server's greeting, each. */
  connectTimeoutMs: number;
  /** Where the mail is read, without the password: safe to print. */
  display: string;
}

export interface ImapConfigOptions {
  /** Allow a plain-text login to a host that is not loopback. */
  insecure?: boolean | undefined;
  readFile?: ((file: string) => string) | undefined;
}

const ENV = 'environment';
const FORM_HINT = 'imaps://user:password@host:993/INBOX or imap://user:password@host:143/INBOX';
const PERCENT_HINT = 'a user name, password or mailbox with @ : / ? # % must be percent-encoded: @ → %40, : → %3A, / → %2F, ? → %3F, # → %23, % → %25';
const DEFAULT_CONNECT_SECONDS = 30;

type Fail = (field: string, message: string, hint?: string) => void;

/** The IMAP settings, or InputError with every problem found. */
export function imapConfigFromEnv(env: Env, options: ImapConfigOptions = {}): ImapConfig {
  const problems: Problem[] = [];
  const fail: Fail = (field, message, hint) => {
    problems.push(problem(ENV, undefined, field, message, hint));
  };
  const server = serverFromUrl(env.IMAP_URL?.trim() ?? '', fail);
  const loopback = server !== undefined && isLoopbackHost(server.host);
  const requireTLS = server !== undefined && !server.secure && !loopback && !options.insecure;
  const ca = caFromEnv(env, options.readFile ?? ((file) => readFileSync(file, 'utf8')), fail);
  const connectTimeoutMs = connectTimeoutFromEnv(env, fail);
  if (problems.length > 0 || !server) throw new InputError(problems, `IMAP settings: ${problems.length} problem(s)`);
  const display = `${server.secure ? 'imaps' : 'imap'}://${encodeURIComponent(server.user)}@${server.host}:${server.port}/${server.mailbox}`;
  return { ...server, requireTLS, ca, connectTimeoutMs, display };
}

type ImapServer = Pick<ImapConfig, 'host' | 'port' | 'secure' | 'user' | 'pass' | 'mailbox'>;

/** The server, account and mailbox of IMAP_URL; undefined (with the problems noted) when it is not a usable one. */
function serverFromUrl(text: string, fail: Fail): ImapServer | undefined {
  if (text === '') {
    fail('IMAP_URL', 'is not set', `set IMAP_URL to the mailbox replies arrive in, e.g. ${FORM_HINT}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail('IMAP_URL', 'is not a URL', `${FORM_HINT}; ${PERCENT_HINT}`);
    return undefined;
  }
  // The scheme is quoted only when it is plainly one (`name://`): in `user:password@host` it would be the user name.
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    fail('IMAP_URL', /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(text) ? `scheme "${url.protocol}" is not imap: or imaps:` : 'does not start with imap:// or imaps://', FORM_HINT);
    return undefined;
  }
  const secure = url.protocol === 'imaps:';
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  const [user, pass, mailbox] = [url.username, url.password, url.pathname.replace(/^\//, '')].map(decoded);
  let bad = false;
  const note = (message: string, hint: string): void => {
    bad = true;
    fail('IMAP_URL', message, hint);
  };
  if (url.hostname === '') note('has no host', FORM_HINT);
  if (port < 1) note('port is not a number from 1 to 65535', FORM_HINT);
  // An unencoded ? or # in the password ends the host early: what follows lands in a query or fragment.
  if (url.search !== '' || url.hash !== '') note('has a query or fragment (an unencoded ? or # in the password?)', PERCENT_HINT);
  if (user === null || pass === null || mailbox === null) note('has a malformed %-escape', PERCENT_HINT);
  else if (!user || !pass) note('needs a user name and a password', FORM_HINT);
  if (bad || !user || !pass || mailbox === null || mailbox === undefined) return undefined;
  return { host: url.hostname, port, secure, user, pass, mailbox: mailbox || 'INBOX' };
}

function caFromEnv(env: Env, read: (file: string) => string, fail: Fail): string | undefined {
  const file = env.IMAP_TLS_CA_FILE?.trim();
  if (!file) return undefined;
  try {
    return read(file);
  } catch (error) {
    fail('IMAP_TLS_CA_FILE', `cannot read ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function connectTimeoutFromEnv(env: Env, fail: Fail): number {
  const text = env.IMAP_CONNECT_TIMEOUT?.trim();
  const seconds = text ? Number(text) : DEFAULT_CONNECT_SECONDS;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    fail('IMAP_CONNECT_TIMEOUT', 'is not a number of seconds from 0 to 86400', 'e.g. IMAP_CONNECT_TIMEOUT=30');
    return DEFAULT_CONNECT_SECONDS * 1000;
  }
  return Math.round(seconds * 1000);
}

/** `null` for a malformed escape such as `%zz` or a lone `%`. */
function decoded(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}
