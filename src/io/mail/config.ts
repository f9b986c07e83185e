// SMTP settings come from the environment only; this reads an env object handed in, never process.env itself.
import { readFileSync } from 'node:fs';
import { InputError, problem } from '../../core/errors.js';
import { isEmailAddress } from '../../core/fields.js';
import { returnPathProblem } from '../../core/delivery/dsn.js';
import { hasLineBreak } from '../../core/text-policy.js';
import type { Problem } from '../../core/types.js';
import { dkimKeyProblem } from './dkim-key.js';
import { parseSmtpUrl } from './smtp-url.js';
import { smtpTimeoutsFromEnv, type SmtpTimeouts } from './timeouts.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465). */
  secure: boolean;
  /** Refuse to go on without STARTTLS. True unless the host is loopback or `insecure` was given. */
  requireTLS: boolean;
  auth?: { user: string; pass: string } | undefined;
  /** Extra CA certificates (PEM), e.g. a private relay's. */
  ca?: string | undefined;
  dkim?: { domainName: string; keySelector: string; privateKey: string } | undefined;
  /** MAIL FROM, when the relay wants its own account there rather than the letter's From. */
  envelopeFrom?: string | undefined;
  /** SMTP_RETURN_PATH: a MAIL FROM per letter, `{token}` filled in (dsn.ts `returnPath`); never with envelopeFrom. */
  returnPath?: string | undefined;
  maxConnections: number;
  /** Deadlines of each SMTP step (SMTP_*_TIMEOUT); the defaults when absent. */
  timeouts?: SmtpTimeouts | undefined;
  /** Where the mail goes, without the password: safe to print. */
  display: string;
}

export interface SmtpConfigOptions {
  /** Allow a plain-text connection to a host that is not loopback. */
  insecure?: boolean | undefined;
  readFile?: ((file: string) => string) | undefined;
}

const ENV = 'environment';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

/**
 * Reads SMTP_URL or SMTP_HOST/PORT/USER/PASS/SECURE, DKIM_*, SMTP_TLS_CA_FILE, SMTP_ENVELOPE_FROM, SMTP_RETURN_PATH,
 * SMTP_MAX_CONNECTIONS;
 * every problem at once as InputError. A DKIM key is trial-signed here, so a key that cannot sign stops the run
 * before anything is sent. No message quotes SMTP_URL, a password or a key.
 */
export function smtpConfigFromEnv(env: Env, options: SmtpConfigOptions = {}): SmtpConfig {
  const problems: Problem[] = [];
  const settings: EnvSettings = {
    env,
    read: options.readFile ?? ((file: string) => readFileSync(file, 'utf8')),
    value: (name) => {
      const v = env[name];
      return v === undefined || v.trim() === '' ? undefined : v.trim();
    },
    fail: (field, message, hint) => {
      problems.push(problem(ENV, undefined, field, message, hint));
    },
  };
  const server = serverFromEnv(settings);
  const { host, port, secure, user, pass } = server;
  const loopback = host !== '' && isLoopbackHost(host);
  const requireTLS = !secure && !loopback && !options.insecure;
  const ca = caFromEnv(settings);
  const dkim = dkimFromEnv(settings);
  const maxConnections = maxConnectionsFromEnv(settings);
  const envelopeFrom = envelopeFromEnv(settings);
  const returnPath = returnPathFromEnv(settings, envelopeFrom);
  const { timeouts, problems: timeoutProblems } = smtpTimeoutsFromEnv(env);
  problems.push(...timeoutProblems);

  if (problems.length > 0) throw new InputError(problems, `SMTP settings: ${problems.length} problem(s)`);
  return {
    host,
    port,
    secure,
    requireTLS,
    auth: user && pass ? { user, pass } : undefined,
    ca,
    dkim,
    envelopeFrom,
    returnPath,
    maxConnections,
    timeouts,
    display: smtpDisplay(server, requireTLS),
  };
}

/** The environment being read: a value trimmed (blank is absent), a file read, a problem noted (in the order found). */
interface EnvSettings {
  env: Env;
  read: (file: string) => string;
  value: (name: string) => string | undefined;
  fail: (field: string, message: string, hint?: string) => void;
}

interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
}

/** The server and account from SMTP_URL, else from SMTP_HOST and its companions; a problem when neither is set. */
function serverFromEnv(settings: EnvSettings): SmtpServer {
  const { fail, value } = settings;
  const url = value('SMTP_URL');
  let server: SmtpServer = { host: '', port: 0, secure: false };
  if (url) server = serverFromUrl(settings, url);
  else if (value('SMTP_HOST')) server = serverFromVariables(settings);
  else fail('SMTP_URL', 'no SMTP server configured', 'set SMTP_URL, or SMTP_HOST with SMTP_PORT, SMTP_USER and SMTP_PASS');
  const { host, port, user, pass } = server;
  if (host && (!Number.isInteger(port) || port < 1 || port > 65535)) fail(url ? 'SMTP_URL' : 'SMTP_PORT', 'port is not a number from 1 to 65535');
  if (pass !== undefined && pass !== '' && !user) fail(url ? 'SMTP_URL' : 'SMTP_USER', 'a password is set without a user name');
  // In a URL, a lone "secret@host" puts the password where the user name goes: never quote it there.
  if (user && (pass === undefined || pass === ''))
    fail(url ? 'SMTP_URL' : 'SMTP_PASS', url ? 'has a user name but no password' : `user "${user}" has no password`, url ? 'smtp://user:password@host' : undefined);
  return server;
}

function serverFromUrl({ fail }: EnvSettings, url: string): SmtpServer {
  const { parts, problems: urlProblems } = parseSmtpUrl(url);
  for (const p of urlProblems) fail('SMTP_URL', p.message, p.hint);
  if (!parts) return { host: '', port: 0, secure: false };
  const { host, secure, user, pass } = parts;
  return { host, port: parts.port || (secure ? 465 : 587), secure, user, pass };
}

function serverFromVariables({ env, fail, value }: EnvSettings): SmtpServer {
  const host = value('SMTP_HOST') ?? '';
  const secureText = (value('SMTP_SECURE') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(secureText)) fail('SMTP_SECURE', `"${secureText}" is not true or false`);
  const secure = ['true', '1', 'yes'].includes(secureText);
  const portText = value('SMTP_PORT');
  const port = portText === undefined ? (secure ? 465 : 587) : Number(portText);
  const user = value('SMTP_USER');
  const pass = env.SMTP_PASS; // a password may legitimately start or end with a space
  return { host, port, secure, user, pass };
}

function caFromEnv({ fail, read, value }: EnvSettings): string | undefined {
  const caFile = value('SMTP_TLS_CA_FILE');
  if (!caFile) return undefined;
  try {
    return read(caFile);
  } catch (error) {
    fail('SMTP_TLS_CA_FILE', `cannot read ${caFile}: ${(error as Error).message}`);
    return undefined;
  }
}

/** DKIM when any of its settings is given, then all of them, and a key that signs; the key inline or in a file. */
function dkimFromEnv({ env, fail, read, value }: EnvSettings): SmtpConfig['dkim'] {
  const dkimDomain = value('DKIM_DOMAIN');
  const dkimSelector = value('DKIM_SELECTOR');
  let dkimKey = env.DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n');
  const dkimKeyFile = value('DKIM_PRIVATE_KEY_FILE');
  const dkimKeyField = dkimKeyFile ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY';
  if (dkimKeyFile && value('DKIM_PRIVATE_KEY')) fail('DKIM_PRIVATE_KEY', 'is set together with DKIM_PRIVATE_KEY_FILE', 'set only one of them');
  if (dkimKeyFile) {
    try {
      dkimKey = read(dkimKeyFile);
    } catch (error) {
      fail('DKIM_PRIVATE_KEY_FILE', `cannot read ${dkimKeyFile}: ${(error as Error).message}`);
    }
  }
  if (!dkimDomain && !dkimSelector && !dkimKey) return undefined;
  if (!dkimDomain) fail('DKIM_DOMAIN', 'is missing', 'DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a private key');
  if (!dkimSelector) fail('DKIM_SELECTOR', 'is missing', 'DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a private key');
  if (!dkimKey && !dkimKeyFile) fail('DKIM_PRIVATE_KEY', 'is missing', 'set DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE');
  const keyProblem = dkimKey ? dkimKeyProblem(dkimKey) : undefined;
  if (keyProblem) fail(dkimKeyField, keyProblem.message, keyProblem.hint);
  return dkimDomain && dkimSelector && dkimKey && !keyProblem ? { domainName: dkimDomain, keySelector: dkimSelector, privateKey: dkimKey } : undefined;
}

function maxConnectionsFromEnv({ fail, value }: EnvSettings): number {
  const maxText = value('SMTP_MAX_CONNECTIONS');
  const maxConnections = maxText === undefined ? 3 : Number(maxText);
  if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 20) fail('SMTP_MAX_CONNECTIONS', 'is not a number from 1 to 20');
  return maxConnections;
}

function envelopeFromEnv({ fail, value }: EnvSettings): string | undefined {
  const envelopeFrom = value('SMTP_ENVELOPE_FROM');
  if (envelopeFrom !== undefined && (hasLineBreak(envelopeFrom) || !isEmailAddress(envelopeFrom)))
    fail('SMTP_ENVELOPE_FROM', 'is not one email address', 'the MAIL FROM address the relay expects, e.g. bounces@example.org');
  return envelopeFrom;
}

/**
 * Both set would leave it unclear which MAIL FROM a relay sees: refused, rather than one silently winning. A relay
 * that wants its own account in MAIL FROM cannot take a return path per letter anyway.
 */
function returnPathFromEnv({ fail, value }: EnvSettings, envelopeFrom: string | undefined): string | undefined {
  const template = value('SMTP_RETURN_PATH');
  if (template === undefined) return undefined;
  const hint = 'an address with {token} once in its local part, e.g. bounces+{token}@example.org';
  const problem = hasLineBreak(template) ? 'contains a line break' : returnPathProblem(template);
  if (problem !== undefined) fail('SMTP_RETURN_PATH', problem, hint);
  else if (envelopeFrom !== undefined) fail('SMTP_RETURN_PATH', 'is set together with SMTP_ENVELOPE_FROM', 'set only one of them: SMTP_RETURN_PATH gives each letter a MAIL FROM of its own');
  return problem === undefined ? template : undefined;
}

/** Where the mail goes, without the password. */
function smtpDisplay({ host, port, secure, user }: SmtpServer, requireTLS: boolean): string {
  return `${secure ? 'smtps' : 'smtp'}://${user ? `${encodeURIComponent(user)}@` : ''}${host}:${port}${secure ? '' : requireTLS ? ' (STARTTLS required)' : ' (STARTTLS if offered)'}`;
}
