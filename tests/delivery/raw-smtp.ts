// A scriptable SMTP server on a raw loopback socket, for the misbehaviour smtp-server will not do on request:
// endless multi-line replies, silence, dropping a connection after reading a whole message, not reading at all.
import net from 'node:net';

/** One step of a connection's script, run in order. */
export type RawStep =
  /** Write these lines, each ended with CRLF. */
  | { say: string | string[] }
  /** Read the client's next command line; fail the script unless it matches. */
  | { expect: RegExp }
  /** Read a message up to the end of DATA (CRLF.CRLF) and keep it in `messages`. */
  | { readMessage: true }
  /** Write `line` every `everyMs`, for ever (until the client goes). */
  | { drip: string; everyMs: number }
  /** Wait, reading and discarding nothing, before the next step. */
  | { waitMs: number }
  /** Stop reading from the socket, so the client's writes back up. */
  | { stopReading: true }
  /** Say nothing more, keep the connection open. */
  | { stall: true }
  /** Cut the connection. */
  | { drop: true };

export interface RawServer {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Each message read by a `readMessage` step, as the client sent it (dot-stuffed, CRLF.CRLF removed). */
  messages: Buffer[];
  /** Each command line received, per connection. */
  commands: string[][];
  /** Script errors (an `expect` that did not match); a test should expect this to stay empty. */
  errors: string[];
  close(): Promise<void>;
}

/** The opening most scripts share: greeting, then an EHLO reply offering `extensions`. */
export const opening = (extensions: string[] = ['8BITMIME', 'SMTPUTF8']): RawStep[] => [
  { say: '220 raw.example.net ESMTP ready' },
  { expect: /^EHLO / },
  { say: ['raw.example.net', ...extensions].map((line, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${line}`) },
];

/** MAIL, RCPT (one per address), DATA and 354: the transaction up to the message itself. */
export const envelope = (recipients = 1): RawStep[] => [
  { expect: /^MAIL FROM:/ },
  { say: '250 2.1.0 Ok' },
  ...Array.from({ length: recipients }, (): RawStep[] => [{ expect: /^RCPT TO:/ }, { say: '250 2.1.5 Ok' }]).flat(),
  { expect: /^DATA$/ },
  { say: '354 End data with <CR><LF>.<CR><LF>' },
];

/** A whole good exchange for one message. */
export const acceptOne = (): RawStep[] => [...opening(), ...envelope(), { readMessage: true }, { say: '250 2.0.0 Ok: queued' }, { expect: /^QUIT$/ }, { say: '221 Bye' }];

/** `scripts(n)` gives the script for the n-th connection (0-based). */
export async function startRawServer(scripts: (connection: number) => RawStep[]): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state: RawServer = { port: 0, connections: 0, messages: [], commands: [], errors: [], close };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // clients are cut and cut us off by design
    const commands: string[] = [];
    state.commands.push(commands);
    void run(socket, scripts(state.connections++), commands, state, timers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  async function close(): Promise<void> {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return state;
}

async function run(socket: net.Socket, script: RawStep[], commands: string[], state: RawServer, timers: Set<NodeJS.Timeout>): Promise<void> {
  const input = new LineInput(socket);
  const write = (lines: string | string[]): void =>
    void socket.write(
      [lines]
        .flat()
        .map((l) => `${l}\r\n`)
        .join(''),
    );
  for (const step of script) {
    if (socket.destroyed) return;
    if ('say' in step) write(step.say);
    else if ('expect' in step) {
      const line = await input.line();
      if (line === undefined) return;
      commands.push(line);
      if (!step.expect.test(line)) {
        state.errors.push(`expected ${step.expect} but got ${JSON.stringify(line)}`);
        socket.destroy();
        return;
      }
    } else if ('readMessage' in step) {
      const message = await input.untilEndOfData();
      if (message === undefined) return;
      state.messages.push(message);
    } else if ('drip' in step) {
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : write(step.drip)), step.everyMs);
      timers.add(timer);
      return;
    } else if ('waitMs' in step) await new Promise((r) => setTimeout(r, step.waitMs));
    else if ('stopReading' in step) socket.pause();
    else if ('stall' in step) return;
    else if ('drop' in step) {
      socket.destroy();
      return;
    }
  }
}

/** Lines (and DATA content) from a socket, awaited one at a time; undefined once the socket is closed. */
class LineInput {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  async line(): Promise<string | undefined> {
    const bytes = await this.until(Buffer.from('\r\n'));
    return bytes?.toString('utf8');
  }

  /** The message as it arrived, up to the line holding a lone dot. */
  async untilEndOfData(): Promise<Buffer | undefined> {
    if (this.buffer.subarray(0, 3).equals(Buffer.from('.\r\n'))) {
      this.buffer = this.buffer.subarray(3);
      return Buffer.alloc(0);
    }
    return this.until(Buffer.from('\r\n.\r\n'), 2);
  }

  /** Bytes before `marker` (plus `keep` bytes of it), the marker consumed. */
  private async until(marker: Buffer, keep = 0): Promise<Buffer | undefined> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) {
        const taken = this.buffer.subarray(0, at + keep);
        this.buffer = this.buffer.subarray(at + marker.length);
        return taken;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
