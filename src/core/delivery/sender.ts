// The runner's view of a mail transport: it hands over a finished message and learns what the server said.

export interface OutgoingMessage {
  letterId: string;
  /** `<…@…>`, the Message-ID header of `raw`. */
  messageId: string;
  envelope: { from: string; to: string[] };
  /** The message exactly as it goes on the wire (and into the archive's .eml). */
  raw: Uint8Array;
}

export interface SendResult {
  messageId: string;
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as …`. */
  response: string;
  accepted: string[];
  rejected: string[];
}

export interface Sender {
  /** Messages the transport can have under way at once (an SMTP pool's connections); the runner keeps to it. */
  readonly maxInFlight?: number | undefined;
  /** Rejects with an error carrying `code`, `responseCode`, `phase` and `committed` (see AttemptFailure) when it can. */
  send(message: OutgoingMessage, options?: { signal?: AbortSignal | undefined }): Promise<SendResult>;
  close(): Promise<void> | void;
}
