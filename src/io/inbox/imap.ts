// An IMAP mailbox read through imapflow, opened read-only (EXAMINE), so reading never sets \Seen nor changes anything
// else: the mailbox stays as the people who read it by hand left it. Only markSeen opens it read-write.
import { ImapFlow, type FetchMessageObject, type ImapFlowError, type MailboxObject } from 'imapflow';
import { DeliveryError, InputError, problem } from '../../core/errors.js';
import type { ImapConfig } from './imap-config.js';
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES, type InboundRaw, type InboxSource } from './source.js';

export { imapConfigFromEnv, type ImapConfig, type ImapConfigOptions } from './imap-config.js';

/** Messages fetched per FETCH: few enough that a batch of large ones stays small in memory. */
const BATCH_MESSAGES = 25;
const BATCH_BYTES = 50 * 1024 * 1024;
/** UIDs per STORE: a command line of a few KiB. */
const STORE_UIDS = 500;

/** The IMAP server failed us (unreachable, TLS, login refused): a fault of the server or its settings, exit 1. */
export class ImapError extends DeliveryError {
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = 'ImapError';
    this.cause = cause;
  }
}

/** Connects, logs in and opens the mailbox read-only; every failure is an ImapError, a missing mailbox InputError. */
export async function openImap(config: ImapConfig): Promise<InboxSource> {
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // STARTTLS required off loopback unless --insecure; otherwise used when offered, as for SMTP.
    ...(config.requireTLS ? { doSTARTTLS: true } : {}),
    auth: { user: config.user, pass: config.pass },
    // imapflow names the host for SNI itself, and leaves it out for an IP address as TLS wants.
    ...(config.ca ? { tls: { ca: config.ca } } : {}),
    logger: false,
    connectionTimeout: config.connectTimeoutMs,
    greetingTimeout: config.connectTimeoutMs,
    // A client that reads once and leaves: no IDLE between commands, no reconnects.
    disableAutoIdle: true,
  });
  // An EventEmitter's unheard 'error' ends the process; the failed command rejects with it anyway.
  client.on('error', () => undefined);
  let mailbox: MailboxObject;
  try {
    await attempt(config, 'connect', () => client.connect());
    mailbox = await attempt(config, 'open', () => client.mailboxOpen(config.mailbox, { readOnly: true }));
  } catch (error) {
    await close(client); // a failed open leaves no connection behind
    throw error;
  }
  const state = { uidValidity: mailbox.uidValidity };
  return {
    name: config.display,
    messages: () => readMessages(client, config, state),
    markSeen: (refs) => markSeen(client, config, state, refs),
    close: () => close(client),
  };
}

/** Runs one IMAP step, turning its failure into the error the CLI reports (never with the password in it). */
async function attempt<T>(config: ImapConfig, step: 'connect' | 'open' | 'fetch' | 'store', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw imapFailure(config, step, error as ImapFlowError);
  }
}

/** One line naming the server and what failed. Server texts are left out: a server may echo what it was sent. */
export function imapFailure(config: ImapConfig, step: string, error: ImapFlowError): Error {
  const where = `IMAP server ${config.host}:${config.port}`;
  const code = error.code ?? '';
  if (error.mailboxMissing)
    return new InputError([
      problem('environment', undefined, 'IMAP_URL', `mailbox "${config.mailbox}" does not exist on ${config.host}`, 'the path of IMAP_URL names the mailbox; INBOX when it has none'),
    ]);
  if (error.authenticationFailed) return new ImapError(`${where}: login refused for user "${config.user}" (wrong user name or password?)`, error);
  if (code === 'ECONNREFUSED') return new ImapError(`${where}: connection refused (is the server running, and is this its IMAP port?)`, error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ImapError(`${where}: host not found`, error);
  if (/TIMEOUT|ETIMEDOUT/.test(code)) return new ImapError(`${where}: no answer within ${config.connectTimeoutMs / 1000} s (IMAP_CONNECT_TIMEOUT)`, error);
  // imapflow says "STARTTLS" when the server offers none (or greets PREAUTH) while it is required.
  if (error.tlsFailed && /STARTTLS/.test(error.message))
    return new ImapError(`${where}: offers no STARTTLS, which imap:// needs off loopback (use imaps://, or --insecure to log in unencrypted)`, error);
  if (error.tlsFailed || /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code))
    return new ImapError(`${where}: TLS failed: ${scrubbed(error.message, config)} (a private CA goes in IMAP_TLS_CA_FILE)`, error);
  return new ImapError(`${where}: ${step} failed: ${scrubbed(error.message || code, config)}`, error);
}

/** A library's message, less the password should it ever hold it. */
function scrubbed(text: string, config: ImapConfig): string {
  return text
    .split(config.pass)
    .join('***')
    .replace(/[\r\n]+/g, ' ');
}

interface MailboxState {
  uidValidity: bigint;
}

/** Every message by UID, fetched a batch at a time; a message over MAX_MESSAGE_BYTES only up to MAX_READ_BYTES. */
async function* readMessages(client: ImapFlow, config: ImapConfig, state: MailboxState): AsyncGenerator<InboundRaw> {
  const sizes = await attempt(config, 'fetch', () => uidSizes(client));
  for (const batch of batches(sizes)) {
    const fetched = await attempt(config, 'fetch', () => fetchSources(client, batch));
    for (const { uid, size } of batch) {
      const raw = fetched.get(uid);
      if (raw === undefined) continue; // expunged since the sizes were read
      yield { ref: `${state.uidValidity}:${uid}`, raw, size, truncated: size > MAX_MESSAGE_BYTES };
    }
  }
}

interface UidSize {
  uid: number;
  size: number;
}

async function uidSizes(client: ImapFlow): Promise<UidSize[]> {
  const mailbox = client.mailbox;
  if (!mailbox || mailbox.exists === 0) return [];
  const all: UidSize[] = [];
  for await (const m of client.fetch('1:*', { uid: true, size: true })) all.push({ uid: m.uid, size: m.size ?? 0 });
  return all.sort((a, b) => a.uid - b.uid);
}

/** Runs of UIDs with at most BATCH_MESSAGES messages and BATCH_BYTES of them; a large one alone. */
function batches(sizes: readonly UidSize[]): UidSize[][] {
  const out: UidSize[][] = [];
  let current: UidSize[] = [];
  let bytes = 0;
  for (const s of sizes) {
    const cost = Math.min(s.size, s.size > MAX_MESSAGE_BYTES ? MAX_READ_BYTES : s.size);
    if (current.length > 0 && (current.length >= BATCH_MESSAGES || bytes + cost > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += cost;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The sources of one batch by UID: whole ones in one FETCH, each oversized one's first MAX_READ_BYTES on its own. */
async function fetchSources(client: ImapFlow, batch: readonly UidSize[]): Promise<Map<number, Buffer>> {
  const sources = new Map<number, Buffer>();
  const keep = (m: FetchMessageObject): void => {
    if (m.source) sources.set(m.uid, m.source);
  };
  const whole = batch.filter((s) => s.size <= MAX_MESSAGE_BYTES).map((s) => s.uid);
  if (whole.length > 0) for await (const m of client.fetch(whole.join(','), { uid: true, source: true }, { uid: true })) keep(m);
  for (const big of batch.filter((s) => s.size > MAX_MESSAGE_BYTES))
    for await (const m of client.fetch(String(big.uid), { uid: true, source: { start: 0, maxLength: MAX_READ_BYTES } }, { uid: true })) keep(m);
  return sources;
}

/** Adds \Seen to exactly these UIDs, in a read-write session opened for it alone; refs of another UIDVALIDITY are refused. */
async function markSeen(client: ImapFlow, config: ImapConfig, state: MailboxState, refs: readonly string[]): Promise<void> {
  const uids = refs.map((ref) => {
    const match = /^(\d+):(\d+)$/.exec(ref);
    if (!match || BigInt(match[1]!) !== state.uidValidity) return undefined;
    return Number(match[2]);
  });
  const stale = refs.filter((_, i) => uids[i] === undefined);
  if (stale.length > 0)
    throw new InputError(
      stale.map((ref) => problem(config.display, undefined, ref, `is not a message of this mailbox (UIDVALIDITY ${state.uidValidity})`, 'the mailbox was recreated since it was read: read it again')),
    );
  if (uids.length === 0) return;
  const mailbox = await attempt(config, 'open', () => client.mailboxOpen(config.mailbox, { readOnly: false }));
  try {
    if (mailbox.uidValidity !== state.uidValidity) throw new ImapError(`${config.display}: the mailbox changed (UIDVALIDITY) since it was read: nothing was marked seen`);
    // In runs, so that thousands of UIDs never make one command line longer than a server takes.
    for (let i = 0; i < uids.length; i += STORE_UIDS) {
      const run = uids.slice(i, i + STORE_UIDS).join(',');
      await attempt(config, 'store', () => client.messageFlagsAdd(run, ['\\Seen'], { uid: true }));
    }
  } finally {
    await attempt(config, 'open', () => client.mailboxOpen(config.mailbox, { readOnly: true }));
  }
}

async function close(client: ImapFlow): Promise<void> {
  try {
    await client.logout();
  } catch {
    client.close(); // the server is gone already: nothing to say goodbye to
  }
}
