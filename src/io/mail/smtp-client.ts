// One SMTP connection of our own, for sending finished messages (RFC 5321, STARTTLS RFC 3207, AUTH RFC 4954).
//
// Why not nodemailer's transport: exactly-once delivery needs to know on which side of the end of DATA a failure
// happened (before it, resending is safe; after it, the server may have the message), and every step needs a deadline
// of its own. nodemailer reports neither, and its socketTimeout is an idle timeout that an endless multi-line reply
// keeps resetting. nodemailer stays for what it is best at: composing MIME (MailComposer) and DKIM signing.
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import type { OutgoingMessage, SendFailureFacts, SendPhase, SendResult } from '../../core/delivery/sender.js';
import { dsnMailParameters, dsnRcptParameters } from '../../core/delivery/dsn.js';
import {
  dotStuff,
  hasEightBitBytes,
  isAsciiAddress,
  isSafeEnvelopeAddress,
  parseCapabilities,
  ReplyReader,
  type Capabilities,
  type ReplyLimits,
  type SmtpReply,
} from '../../core/delivery/smtp-protocol.js';
import type { SmtpConfig } from './config.js';
import type { SmtpTimeouts } from './timeouts.js';

/** Where and how to connect: the SMTP settings' connection part, with every deadline decided. */
export type ConnectionSettings = Pick<SmtpConfig, 'host' | 'port' | 'secure' | 'requireTLS' | 'auth' | 'ca'> & {
  timeouts: SmtpTimeouts;
  replyLimits?: ReplyLimits | undefined;
};

/** A failed step: where it failed, whether the end of DATA had left, and the reply that decided it if any. */
export class SmtpSendError extends Error implements SendFailureFacts {
  readonly code: string | undefined;
  readonly responseCode: number | undefined;
  readonly originalCode: string | undefined;
  readonly phase: SendPhase;
  readonly committed: boolean;
  constructor(message: string, facts: Omit<SendFailureFacts, 'message'>) {
    super(message);
    this.name = 'SmtpSendError';
    this.code = facts.code;
    this.responseCode = facts.responseCode;
    this.originalCode = facts.originalCode;
    this.phase = facts.phase;
    this.committed = facts.committed;
  }
}

interface Envelope {
  mail: SmtpReply;
  /** One reply per recipient, in order (none when MAIL was refused without pipelining). */
  rcpts: SmtpReply[];
  data?: SmtpReply | undefined;
}

const isAcceptedRecipient = (reply: SmtpReply | undefined): boolean => reply?.code === 250 || reply?.code === 251;

const NO_CAPABILITIES: Capabilities = { starttls: false, auth: new Set(), eightBitMime: false, smtpUtf8: false, pipelining: false, dsn: false };
const seconds = (ms: number): string => `${ms / 1000} s`;

export class SmtpConnection {
  private socket: net.Socket;
  private decoder = new StringDecoder('utf8');
  private reader: ReplyReader;
  /** Replies that came before anyone waited for them; on an idle connection that means the server gave up on us. */
  private unread: SmtpReply[] = [];
  private waiting: { resolve(reply: SmtpReply): void; reject(error: SmtpSendError): void } | undefined;
  private interruptPending: ((error: SmtpSendError) => void) | undefined;
  private failure: SmtpSendError | undefined;
  private capabilities: Capabilities = NO_CAPABILITIES;
  private phase: SendPhase = 'connect';
  /** True from the moment the end of DATA is handed to the socket until the next message starts. */
  private committed = false;
  /** Messages this connection delivered (the pool retires it after a number of them). */
  delivered = 0;

  constructor(private readonly settings: ConnectionSettings) {
    this.reader = new ReplyReader(settings.replyLimits);
    const tlsOptions = this.tlsOptions();
    this.socket = settings.secure ? tls.connect({ host: settings.host, port: settings.port, ...tlsOptions }) : net.connect({ host: settings.host, port: settings.port });
    this.attach(this.socket);
  }

  /** Connects, reads the greeting, says EHLO, upgrades with STARTTLS and logs in: ready for `send`. */
  async open(): Promise<void> {
    const { timeouts } = this.settings;
    await this.until('connect', timeouts.connectMs, `no connection to ${this.settings.host}:${this.settings.port}`, (done) =>
      this.socket.once(this.settings.secure ? 'secureConnect' : 'connect', done),
    );
    const greeting = await this.reply('greeting', timeouts.greetingMs);
    if (greeting.code !== 220) throw this.refusal(greeting, 'EPROTOCOL');
    await this.hello();
    if (!this.settings.secure && this.capabilities.starttls) await this.startTls();
    else if (!this.settings.secure && this.settings.requireTLS) throw this.error('ETLS', `${this.settings.host} does not offer STARTTLS`, undefined, 'ehlo');
    if (this.settings.auth) await this.authenticate(this.settings.auth);
  }

  /** Still fit to carry a message: nothing failed and the server said nothing while it sat idle. */
  get usable(): boolean {
    return this.failure === undefined && this.unread.length === 0 && !this.socket.destroyed;
  }

  /**
   * One message: MAIL, RCPT for each recipient, DATA, the body, the end of DATA and the final reply. The end of DATA
   * waits for `beforeCommit` (the runner's records going to disk meanwhile, not before the envelope).
   */
  async send(message: OutgoingMessage, beforeCommit?: () => Promise<void>): Promise<SendResult> {
    this.committed = false;
    const { from, to } = message.envelope;
    const mailLine = `MAIL FROM:<${from}>${this.mailParameters(message)}`;
    const rcptLines = to.map((address) => this.rcptLine(address));
    const { mail, rcpts, data } = this.capabilities.pipelining ? await this.envelopePipelined(mailLine, rcptLines) : await this.envelopeInTurn(mailLine, rcptLines);
    // Pipelined replies are all read by now: name the step each refusal answered.
    this.phase = 'mail';
    if (mail.code !== 250) throw await this.resetAfter(this.refusal(mail, 'EENVELOPE'));
    this.phase = 'rcpt';
    // All or nothing: a letter goes to every recipient of its envelope or to none, so that "sent" is never half true.
    // A greylisted (4xx) recipient makes the whole letter wait for a retry; a refused (5xx) one fails it.
    const refusals = to.flatMap((address, i) => (isAcceptedRecipient(rcpts[i]) ? [] : [{ address, reply: rcpts[i] }]));
    if (refusals.length > 0) {
      const first = refusals.find((r) => r.reply !== undefined && r.reply.code < 500) ?? refusals[0];
      const named = refusals.map((r) => r.address).join(', ');
      const error = first?.reply ? this.refusal(first.reply, 'EENVELOPE', `refused for ${named}: `) : this.error('EPROTOCOL', `no reply to RCPT TO for ${named}`);
      // After a 354 the server waits for a message; only closing the connection, before any of it, is safe.
      if (data?.code === 354) {
        this.destroy();
        throw error;
      }
      throw await this.resetAfter(error);
    }
    this.phase = 'data';
    if (!data) throw this.error('EPROTOCOL', 'no reply to DATA', undefined, 'data');
    if (data.code !== 354) throw await this.resetAfter(this.refusal(data, 'EMESSAGE'));
    await this.writeBody(dotStuff(message.raw));
    if (beforeCommit) await this.holdEnd(beforeCommit);
    // From here on the server may have the message: any outcome but a reply is unknown.
    this.committed = true;
    this.socket.write('.\r\n');
    const final = await this.reply('final-reply', this.settings.timeouts.replyMs);
    // Any 2xx takes the message (some servers say 251 or 252); a 4xx or 5xx refuses it; anything else leaves it unknown.
    if (final.code < 200 || final.code >= 300) throw await this.resetAfter(this.refusal(final, 'EMESSAGE'));
    this.delivered += 1;
    return { messageId: message.messageId, response: final.text, accepted: [...to], rejected: [], dsn: this.capabilities.dsn };
  }

  /** The envelope a command at a time: stops at a refused MAIL, asks DATA only when every recipient was accepted. */
  private async envelopeInTurn(mailLine: string, rcptLines: readonly string[]): Promise<Envelope> {
    const mail = await this.command('mail', mailLine);
    if (mail.code !== 250) return { mail, rcpts: [] };
    const rcpts: SmtpReply[] = [];
    for (const line of rcptLines) rcpts.push(await this.command('rcpt', line));
    if (!rcpts.every(isAcceptedRecipient)) return { mail, rcpts }; // all or nothing: no DATA
    return { mail, rcpts, data: await this.command('data', 'DATA') };
  }

  /** The envelope in one write (RFC 2920), every reply read in order, each within its own deadline. */
  private async envelopePipelined(mailLine: string, rcptLines: readonly string[]): Promise<Envelope> {
    this.phase = 'mail';
    if (this.failure) throw this.failure;
    this.socket.write([mailLine, ...rcptLines, 'DATA'].map((line) => `${line}\r\n`).join(''));
    const { commandMs } = this.settings.timeouts;
    const mail = await this.reply('mail', commandMs);
    const rcpts: SmtpReply[] = [];
    for (let i = 0; i < rcptLines.length; i++) rcpts.push(await this.reply('rcpt', commandMs));
    return { mail, rcpts, data: await this.reply('data', commandMs) };
  }

  /** Stops whatever is under way at once: the socket is destroyed, the pending step rejects with this error. */
  interrupt(code: string, message: string): void {
    this.fail(this.error(code, message));
  }

  /** Says goodbye politely, but never waits long for it. */
  async quit(): Promise<void> {
    if (!this.usable) {
      this.destroy();
      return;
    }
    const waitMs = Math.min(this.settings.timeouts.commandMs, 2_000);
    await this.command('rset', 'QUIT', waitMs).catch(() => undefined);
    this.destroy();
  }

  destroy(): void {
    this.fail(this.error('ECONNECTION', 'the connection was closed'));
  }

  private mailParameters(message: OutgoingMessage): string {
    const { from, to } = message.envelope;
    const addresses = [from, ...to];
    const unsafe = addresses.find((a) => !isSafeEnvelopeAddress(a));
    if (unsafe !== undefined) throw this.error('EENVELOPE', `${JSON.stringify(unsafe)} is not an address SMTP can carry`, undefined, 'mail');
    const international = !addresses.every(isAsciiAddress);
    if (international && !this.capabilities.smtpUtf8)
      throw this.error('EENVELOPE', `${this.settings.host} does not offer SMTPUTF8, which the address ${addresses.find((a) => !isAsciiAddress(a))} needs`, undefined, 'mail');
    const eightBit = this.capabilities.eightBitMime && hasEightBitBytes(message.raw);
    // DSN parameters go only to a server that offered DSN: any other may refuse the whole MAIL command for them.
    const dsn = this.capabilities.dsn ? dsnMailParameters(message.envelopeId) : '';
    return `${eightBit ? ' BODY=8BITMIME' : ''}${international ? ' SMTPUTF8' : ''}${dsn}`;
  }

  private rcptLine(address: string): string {
    return `RCPT TO:<${address}>${this.capabilities.dsn ? dsnRcptParameters(address) : ''}`;
  }

  private async hello(): Promise<void> {
    const name = clientName(this.socket);
    const ehlo = await this.command('ehlo', `EHLO ${name}`);
    if (ehlo.code === 250) {
      this.capabilities = parseCapabilities(ehlo);
      return;
    }
    // HELO knows no extensions: only good enough when neither STARTTLS nor AUTH is needed.
    if (ehlo.code < 500 || this.settings.requireTLS || this.settings.auth) throw this.refusal(ehlo, 'EPROTOCOL');
    const helo = await this.command('ehlo', `HELO ${name}`);
    if (helo.code !== 250) throw this.refusal(helo, 'EPROTOCOL');
    this.capabilities = NO_CAPABILITIES;
  }

  private async startTls(): Promise<void> {
    const reply = await this.command('starttls', 'STARTTLS');
    if (reply.code !== 220) throw this.refusal(reply, 'ETLS');
    const plain = this.socket;
    this.detach(plain);
    plain.on('error', () => undefined); // errors now surface on the TLS socket that wraps it
    this.socket = tls.connect({ socket: plain, ...this.tlsOptions() });
    this.attach(this.socket);
    // Anything the server sent in clear after its 220 is dropped: it could be an injected reply (CVE-2011-0411).
    this.reader = new ReplyReader(this.settings.replyLimits);
    this.decoder = new StringDecoder('utf8');
    this.unread = [];
    await this.until('starttls', this.settings.timeouts.commandMs, 'no TLS handshake', (done) => this.socket.once('secureConnect', done));
    await this.hello();
  }

  private async authenticate(auth: { user: string; pass: string }): Promise<void> {
    const mechanisms = this.capabilities.auth;
    const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
    let reply: SmtpReply;
    if (mechanisms.has('PLAIN')) {
      reply = await this.command('auth', `AUTH PLAIN ${base64(`\0${auth.user}\0${auth.pass}`)}`);
    } else if (mechanisms.has('LOGIN')) {
      reply = await this.command('auth', 'AUTH LOGIN');
      if (reply.code === 334) reply = await this.command('auth', base64(auth.user));
      if (reply.code === 334) reply = await this.command('auth', base64(auth.pass));
    } else {
      throw this.error('EAUTH', `${this.settings.host} offers neither AUTH PLAIN nor AUTH LOGIN`, undefined, 'auth');
    }
    if (reply.code !== 235) throw this.refusal(reply, 'EAUTH');
  }

  private async writeBody(body: Uint8Array): Promise<void> {
    this.phase = 'body';
    if (this.failure) throw this.failure;
    if (this.socket.write(body)) return;
    await this.until('body', this.settings.timeouts.dataMs, 'the message did not drain to the network', (done) => this.socket.once('drain', done));
  }

  /**
   * Holds back the end of DATA until `ready` resolves. If it rejects, the connection is dropped before the end of the
   * message (the server discards an unfinished one); a deadline or an interruption meanwhile does the same.
   */
  private holdEnd(ready: () => Promise<void>): Promise<void> {
    this.phase = 'body';
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.interruptPending = reject;
      ready().then(
        () => {
          this.interruptPending = undefined;
          if (this.failure) reject(this.failure);
          else resolve();
        },
        (error: unknown) => {
          this.interruptPending = undefined;
          const held = this.error('EHELD', `the end of the message was held back: ${String((error as Error | undefined)?.message ?? error)}`);
          this.fail(held);
          reject(held);
        },
      );
    });
  }

  /** After a refused transaction the server is told to forget it; if even that fails the connection is dropped. */
  private async resetAfter(error: SmtpSendError): Promise<SmtpSendError> {
    const reply = await this.command('rset', 'RSET').catch(() => undefined);
    if (reply?.code !== 250) this.destroy();
    if (error.responseCode === 421) this.destroy(); // the server is closing this connection
    return error;
  }

  private async command(phase: SendPhase, line: string, timeoutMs = this.settings.timeouts.commandMs): Promise<SmtpReply> {
    this.phase = phase;
    if (this.failure) throw this.failure;
    this.socket.write(`${line}\r\n`);
    return this.reply(phase, timeoutMs);
  }

  /** The next whole reply, within `timeoutMs` for all of its lines together. */
  private reply(phase: SendPhase, timeoutMs: number): Promise<SmtpReply> {
    this.phase = phase;
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.unread.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(this.error('ETIMEDOUT', `no complete reply within ${seconds(timeoutMs)}`)), timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.waiting = undefined;
      };
      this.waiting = {
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
    });
  }

  /** Waits for a socket event (`listen` calls `done` on it) within a deadline; a failure meanwhile rejects. */
  private until(phase: SendPhase, timeoutMs: number, what: string, listen: (done: () => void) => void): Promise<void> {
    this.phase = phase;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(this.error('ETIMEDOUT', `${what} within ${seconds(timeoutMs)}`)), timeoutMs);
      this.interruptPending = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      listen(() => {
        clearTimeout(timer);
        this.interruptPending = undefined;
        if (this.failure) reject(this.failure);
        else resolve();
      });
    });
  }

  private fail(error: SmtpSendError): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    this.waiting?.reject(error);
    const pending = this.interruptPending;
    this.interruptPending = undefined;
    pending?.(error);
  }

  private readonly onData = (chunk: Buffer): void => {
    const feed = this.reader.push(this.decoder.write(chunk));
    for (const reply of feed.replies) {
      if (this.waiting) this.waiting.resolve(reply);
      else this.unread.push(reply);
    }
    if (feed.violation) this.fail(this.error('EPROTOCOL', `the server sent ${feed.violation}`));
  };

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.fail(this.error('ESOCKET', error.message, undefined, undefined, error.code));
  };

  private readonly onClose = (): void => {
    this.fail(this.error('ECONNECTION', `${this.settings.host} closed the connection`));
  };

  private attach(socket: net.Socket): void {
    // Commands and the end of DATA are small writes that wait for a reply: Nagle's delay would cost ~40 ms each.
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }

  private tlsOptions(): tls.ConnectionOptions {
    const { host, ca } = this.settings;
    // SNI takes a host name, never an address.
    return { rejectUnauthorized: true, minVersion: 'TLSv1.2', ca, ...(net.isIP(host) === 0 ? { servername: host } : {}) };
  }

  private refusal(reply: SmtpReply, code: string, prefix = ''): SmtpSendError {
    return this.error(code, `${prefix}${reply.text}`, reply.code);
  }

  private error(code: string, message: string, responseCode?: number, phase: SendPhase = this.phase, originalCode?: string): SmtpSendError {
    return new SmtpSendError(message, { code, responseCode, originalCode, phase, committed: this.committed });
  }
}

/** The EHLO name: this machine's name when it is a domain, else its address literal (RFC 5321 §4.1.3). */
function clientName(socket: net.Socket): string {
  const host = os.hostname();
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host)) return host;
  const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return net.isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}
