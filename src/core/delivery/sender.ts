// The runner's view of a mail transport: it hands over a finished message and learns what the server said.

export interface OutgoingMessage {
  letterId: string;
  /** `<…@…>`, the Message-ID header of `raw`. */
  messageId: string;
  envelope: { from: string; to: string[] };
  /**
   * RFC 3461 ENVID (dsn.ts `envelopeId`, or `testEnvelopeId` for a test send): carried, with the other DSN parameters,
   * only to a server that offers DSN.
   */
  envelopeId?: string | undefined;
  /** The message exactly as it goes on the wire (and into the archive's .eml). */
  raw: Uint8Array;
}

export interface SendResult {
  messageId: string;
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as …`. */
  response: string;
  accepted: string[];
  rejected: string[];
  /** Whether delivery status notifications were asked for (the server offered DSN, RFC 3461). */
  dsn: boolean;
}

export interface SendCallOptions {
  /** Aborting drops the connection carrying this message at once; `send` then rejects with code EABORT. */
  signal?: AbortSignal | undefined;
  /**
   * The end of the message leaves only once this resolves (the runner's records are on disk then); what comes before
   * it (the envelope, the body) may go out meanwhile. If it rejects, the message is dropped with its connection
   * before its end, so nothing of it is delivered, and `send` rejects (committed: false).
   */
  beforeCommit?: (() => Promise<void>) | undefined;
}

export interface Sender {
  /** Messages the transport can have under way at once (an SMTP pool's connections); the runner keeps to it. */
  readonly maxInFlight?: number | undefined;
  /** Rejects with an error carrying `code`, `responseCode`, `phase` and `committed` (SendFailureFacts) when it can. */
  send(message: OutgoingMessage, options?: SendCallOptions): Promise<SendResult>;
  close(): Promise<void> | void;
}

/** Where in an SMTP exchange an attempt failed, in the order the exchange goes. */
export type SendPhase = 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'body' | 'final-reply' | 'rset';

/**
 * What a failed `send` rejects with, besides its message. `committed` is true once the end of DATA (CRLF.CRLF) was
 * handed to the socket: from then on the server may have the message, so only a definite reply (`responseCode`)
 * says what happened; without one the outcome is unknown and must not be retried.
 */
export interface SendFailureFacts {
  message: string;
  /** ECONNECTION, ETIMEDOUT, ESOCKET, EAUTH, ETLS, EPROTOCOL, EENVELOPE, EABORT … */
  code?: string | undefined;
  /** The SMTP reply code when a reply decided the failure. */
  responseCode?: number | undefined;
  /** The lower-level code behind `code`, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  originalCode?: string | undefined;
  phase: SendPhase;
  committed: boolean;
}
