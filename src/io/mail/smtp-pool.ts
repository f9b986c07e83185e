// Up to `maxConnections` SMTP connections, each carrying one message at a time and retired after `maxMessages`.
// Each message has an overall deadline and may be aborted; either drops the connection carrying it at once.
import type { OutgoingMessage, SendCallOptions, SendResult } from '../../core/delivery/sender.js';
import { SmtpConnection, SmtpSendError, type ConnectionSettings } from './smtp-client.js';

export interface PoolSettings extends ConnectionSettings {
  maxConnections: number;
  /** Messages per connection before it says QUIT and a fresh one takes over. */
  maxMessages: number;
}

type Stop = { code: 'EABORT' | 'ETIMEDOUT'; message: string };

/** A message and what its end waits for (SendCallOptions.beforeCommit). */
interface Sending {
  message: OutgoingMessage;
  beforeCommit: (() => Promise<void>) | undefined;
}

/** Watches one message's deadline and abort signal, and stops whatever the message is waiting on when either fires. */
class MessageWatch {
  stopped: Stop | undefined;
  private onStop: ((stop: Stop) => void) | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly abort = (): void => this.stop({ code: 'EABORT', message: 'sending was interrupted' });

  constructor(
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => this.stop({ code: 'ETIMEDOUT', message: `the message was not done within ${timeoutMs / 1000} s` }), timeoutMs);
    signal?.addEventListener('abort', this.abort, { once: true });
    if (signal?.aborted) this.abort();
  }

  /** `handler` runs now if the message was already stopped, else when it is. */
  watch(handler: (stop: Stop) => void): void {
    this.onStop = handler;
    if (this.stopped) handler(this.stopped);
  }

  /** The message no longer holds what it last watched (a connection going back to the pool). */
  forget(): void {
    this.onStop = undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.abort);
    this.onStop = undefined;
  }

  private stop(stop: Stop): void {
    if (this.stopped) return;
    this.stopped = stop;
    this.onStop?.(stop);
  }
}

export class SmtpPool {
  private idle: SmtpConnection[] = [];
  /** Connections that exist: opening, busy or idle. */
  private count = 0;
  private waiters: (() => void)[] = [];
  private closing = false;

  constructor(private readonly settings: PoolSettings) {}

  async send(message: OutgoingMessage, options: SendCallOptions = {}): Promise<SendResult> {
    const watch = new MessageWatch(this.settings.timeouts.messageMs, options.signal);
    try {
      return await this.attempt({ message, beforeCommit: options.beforeCommit }, watch, true);
    } finally {
      watch.dispose();
    }
  }

  /** QUITs the idle connections; busy ones QUIT when their message is done. */
  async close(): Promise<void> {
    this.closing = true;
    const idle = this.idle.splice(0);
    this.count -= idle.length;
    for (const wake of this.waiters.splice(0)) wake();
    await Promise.all(idle.map((c) => c.quit()));
  }

  private async attempt(sending: Sending, watch: MessageWatch, mayRetry: boolean): Promise<SendResult> {
    const { connection, reused } = await this.acquire(watch);
    watch.watch((stop) => connection.interrupt(stop.code, stop.message));
    try {
      const result = await connection.send(sending.message, sending.beforeCommit);
      watch.forget();
      this.release(connection);
      return result;
    } catch (error) {
      watch.forget();
      this.release(connection);
      // A server may close a connection while it idles in the pool; nothing of the message left yet, so a fresh one may try.
      if (mayRetry && reused && !watch.stopped && closedBeforeTheMessage(error)) return this.attempt(sending, watch, false);
      throw error;
    }
  }

  private async acquire(watch: MessageWatch): Promise<{ connection: SmtpConnection; reused: boolean }> {
    for (;;) {
      if (watch.stopped) throw stoppedWhileWaiting(watch.stopped);
      if (this.closing) throw new SmtpSendError('the sender is closed', { code: 'ECONNECTION', phase: 'connect', committed: false });
      for (let c = this.idle.pop(); c; c = this.idle.pop()) {
        if (c.usable) return { connection: c, reused: true };
        this.discard(c);
      }
      if (this.count < this.settings.maxConnections) return { connection: await this.openConnection(watch), reused: false };
      await new Promise<void>((resolve, reject) => {
        this.waiters.push(resolve);
        watch.watch((stop) => {
          this.waiters = this.waiters.filter((w) => w !== resolve);
          reject(stoppedWhileWaiting(stop));
        });
      });
    }
  }

  private async openConnection(watch: MessageWatch): Promise<SmtpConnection> {
    this.count += 1;
    const connection = new SmtpConnection(this.settings);
    watch.watch((stop) => connection.interrupt(stop.code, stop.message));
    try {
      await connection.open();
      return connection;
    } catch (error) {
      this.discard(connection);
      throw error;
    }
  }

  private release(connection: SmtpConnection): void {
    if (!connection.usable) this.discard(connection);
    else if (this.closing || connection.delivered >= this.settings.maxMessages) {
      this.count -= 1;
      void connection.quit();
      this.wakeOne();
    } else {
      this.idle.push(connection);
      this.wakeOne();
    }
  }

  private discard(connection: SmtpConnection): void {
    connection.destroy();
    this.count -= 1;
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}

function stoppedWhileWaiting(stop: Stop): SmtpSendError {
  return new SmtpSendError(`${stop.message} (waiting for a connection)`, { code: stop.code, phase: 'connect', committed: false });
}

/** The connection was gone when MAIL FROM went out: no reply, or the server's 421 "closing". */
function closedBeforeTheMessage(error: unknown): boolean {
  if (!(error instanceof SmtpSendError) || error.committed) return false;
  const early = error.phase === 'connect' || error.phase === 'greeting' || error.phase === 'mail';
  return early && (error.responseCode === undefined || error.responseCode === 421) && error.code !== 'EENVELOPE';
}
