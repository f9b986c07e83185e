// A real SMTP server on a loopback port, real PDFs and a real archive folder for the delivery tests.
import { tempFolder } from '../support/temp.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import PDFDocument from 'pdfkit';
import type { Letter } from '../../src/core/types.js';
import { archivePaths, inArchive } from '../../src/io/archive/layout.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const TEST_CERT = path.join(FIXTURES, 'test-only-localhost.cert.pem');
export const TEST_KEY = path.join(FIXTURES, 'test-only-localhost.key.pem');

export interface Received {
  raw: Buffer;
  from: string;
  to: string[];
  secure: boolean;
  user: string | undefined;
  /** The DSN parameters of MAIL FROM (RET, ENVID) as the server read them; null where not given. */
  dsn: { ret: string | null; envid: string | null } | undefined;
  /** Each recipient's DSN parameters (NOTIFY, ORCPT), in order; empty objects where none were given. */
  rcptDsn: { notify?: string[]; orcpt?: string }[];
}

/** What the server does with a message: accept it, reply with an error, cut the connection, or never answer. */
export type Verdict = 'accept' | 'cut' | 'hold' | { code: number; message: string };

export interface Attempt {
  /** 1-based count of DATA transfers for this envelope's first recipient. */
  nth: number;
  rcpt: string[];
  raw: Buffer;
}

export interface TestServer {
  port: number;
  received: Received[];
  attempts: Attempt[];
  /** Messages whose reply is being held back. */
  held: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export interface TestServerOptions {
  auth?: { user: string; pass: string } | undefined;
  /** Offer STARTTLS with the test-only certificate. */
  starttls?: boolean | undefined;
  verdict?: ((attempt: Attempt) => Verdict) | undefined;
  /** Cut the connection at RCPT TO (before the message is sent) when this says so; `nth` counts RCPTs per address. */
  cutAtRcpt?: ((address: string, nth: number) => boolean) | undefined;
  /** Answer each accepted message after this many ms (a slow relay). */
  replyDelayMs?: number | undefined;
  /** A careless server that quotes the credentials it refused, in clear and base64. */
  echoRefusedCredentials?: boolean | undefined;
  /** Offer DSN (RFC 3461) in EHLO and read its parameters; smtp-server hides it by default. */
  dsn?: boolean | undefined;
  /** Leave PIPELINING out of EHLO, so the envelope goes a command at a time. */
  hidePipelining?: boolean | undefined;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const received: Received[] = [];
  const attempts: Attempt[] = [];
  const perRecipient = new Map<string, number>();
  const rcptCounts = new Map<string, number>();
  const state = { held: 0, connections: 0 };
  const tls = options.starttls ? { key: await fs.readFile(TEST_KEY), cert: await fs.readFile(TEST_CERT) } : {};
  const server: SMTPServer = new SMTPServer({
    ...tls,
    secure: false,
    logger: false,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: !options.starttls,
    hideDSN: !options.dsn,
    hidePIPELINING: options.hidePipelining ?? false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else {
        const quoted = options.echoRefusedCredentials ? ` (${auth.username}:${auth.password} ${Buffer.from(`\0${auth.username}\0${auth.password}`).toString('base64')})` : '';
        callback(Object.assign(new Error(`Invalid username or password${quoted}`), { responseCode: 535 }));
      }
    },
    onRcptTo(address, session, callback) {
      const nth = (rcptCounts.get(address.address) ?? 0) + 1;
      rcptCounts.set(address.address, nth);
      if (options.cutAtRcpt?.(address.address, nth)) connectionOf(server, session)?.destroy();
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        const key = rcpt[0] ?? '';
        const nth = (perRecipient.get(key) ?? 0) + 1;
        perRecipient.set(key, nth);
        const attempt = { nth, rcpt, raw };
        attempts.push(attempt);
        const verdict = options.verdict?.(attempt) ?? 'accept';
        const keep = (): void => {
          received.push({
            raw,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: rcpt,
            secure: session.secure,
            user: session.user as string | undefined,
            ...dsnOf(session),
          });
        };
        if (verdict === 'accept') {
          keep();
          const reply = `Ok: queued as ${received.length}`;
          if (options.replyDelayMs) setTimeout(() => callback(null, reply), options.replyDelayMs);
          else callback(null, reply);
        } else if (verdict === 'hold') {
          keep(); // the server has it; the client will never hear so
          state.held += 1;
        } else if (verdict === 'cut') {
          connectionOf(server, session)?.destroy();
        } else {
          callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // cut connections raise errors by design
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    attempts,
    get held() {
      return state.held;
    },
    get connections() {
      return state.connections;
    },
    async close() {
      for (const c of connectionsOf(server)) c._socket?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What smtp-server read of the DSN parameters (its types do not name them yet). */
function dsnOf(session: SMTPServerSession): Pick<Received, 'dsn' | 'rcptDsn'> {
  const envelope = session.envelope as unknown as { dsn?: Received['dsn']; rcptTo: { dsn?: Received['rcptDsn'][number] }[] };
  return { dsn: envelope.dsn ? { ...envelope.dsn } : undefined, rcptDsn: envelope.rcptTo.map((r) => ({ ...r.dsn })) };
}

interface ConnectionInternals {
  id: string;
  _socket?: { destroy(): void };
}

function connectionsOf(server: SMTPServer): ConnectionInternals[] {
  return [...((server as unknown as { connections: Set<ConnectionInternals> }).connections ?? [])];
}

function connectionOf(server: SMTPServer, session: SMTPServerSession): { destroy(): void } | undefined {
  return connectionsOf(server).find((c) => c.id === session.id)?._socket;
}

export async function tempDir(prefix = 'petition-send-'): Promise<string> {
  return Promise.resolve(tempFolder(prefix));
}

/** A small real PDF naming the letter. */
export function makePdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: text } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(`Letter ${text}`);
    doc.end();
  });
}

/** The lead's renderer stands in here: a real PDF per letter, and the petition's annex when the letter plans one. */
export function pdfRenderer(out: string, calls: Letter[][] = []): (letters: Letter[]) => Promise<Map<string, string[]>> {
  return async (letters) => {
    calls.push(letters);
    const map = new Map<string, string[]>();
    for (const letter of letters) {
      const files: string[] = [];
      for (const planned of letter.attachments) {
        const relative = planned.kind === 'annex-pdf' ? archivePaths.annexPdf(letter.petition) : archivePaths.letterPdf(letter.petition, letter.addresseeId, letter.language);
        const file = inArchive(out, relative);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, await makePdf(planned.kind === 'annex-pdf' ? `${letter.petition} annex` : letter.id));
        files.push(file);
      }
      map.set(letter.id, files);
    }
    return map;
  };
}

/** Checks a PDF's structure without a PDF library: header, trailer, and a startxref that points at the xref table. */
export function pdfLooksWhole(pdf: Buffer): boolean {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-1.')) return false;
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!match) return false;
  return text.slice(Number(match[1]), Number(match[1]) + 4) === 'xref';
}
