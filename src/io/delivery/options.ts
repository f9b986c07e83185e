// The `send` command's options (one field per CLI flag) and what the runner is given to do its work.
import type { Letter } from '../../core/types.js';
import type { AnniversarySpec } from '../../core/delivery/anniversary.js';
import type { PlanSummary } from '../../core/delivery/plan.js';
import type { Sender } from '../../core/delivery/sender.js';
import type { ManifestPetition } from '../archive/manifest.js';
import type { ComposeOptions } from '../mail/compose.js';
import type { DeliveryOutcome } from '../../core/delivery/report.js';

/** The `send` command's options, one field per CLI flag. */

export type Confirm = (summary: PlanSummary, warnings: readonly string[]) => Promise<boolean>;
export interface SendOptions {
  /** Archive folder (`--out`). */
  out: string;
  /** The archive folder as the user named it, for messages (`archive/ledger.jsonl:3: …`). */
  shownOut?: string | undefined;
  /** The caller holds the archive's run lock (a `send` takes it once for all its petitions). */
  holdsLock?: boolean | undefined;
  /** The roster is older than it allows: refused (exit 3) once the anniversary guard says this is a day to send. */
  staleRoster?: { message: string; hint: string } | undefined;
  /** Who approved each letter's content (emails, by letter id), recorded on this run's queued records. */
  approvedBy?: ReadonlyMap<string, readonly string[]> | undefined;
  /** Refuse (exit 3) any letter to send that is not in `approvedBy`: the pre-flight checked exactly these (send). */
  requireApproval?: boolean | undefined;
  /** The time the run is planned at (the anniversary guard's "now"): the pre-flight's, so both plan the same letters. */
  planAt?: Date | undefined;
  /** `--roster-checked-on DATE`, recorded on this run's queued records. */
  rosterCheckedOn?: string | undefined;
  /** `--yes`: send without asking. */
  yes: boolean;
  /** Whether a person is at a terminal to be asked. */
  isTTY: boolean;
  /** Asks the person; gets what the run would do. */
  /** Asks a person; `warnings` are what the run found worth a look (shown before the question). */
  confirm?: Confirm | undefined;
  /** `--test-to ADDRESS`: every letter to this one address, "[TEST] " subject, no Cc, ledger untouched. */
  testTo?: string | undefined;
  /** `--only ID…`: addressee ids (or letter ids). */
  only?: string[] | undefined;
  /** `--limit N`: send at most N letters this run. */
  limit?: number | undefined;
  /** `--resend`: send letters that changed since they were sent. */
  resend?: boolean | undefined;
  /** `--retry-unknown`: send letters whose fate is unknown (the process died mid-send). */
  retryUnknown?: boolean | undefined;
  /** `--max-errors N`: stop after N failed letters (default 10). */
  maxErrors?: number | undefined;
  /** `--rate N`: at most N messages a minute, retries included. */
  rate?: number | undefined;
  /** Attempts per letter, the first included (default 5; not a flag: tests set it). */
  maxAttempts?: number | undefined;
  /** Delay before the first retry in ms, doubling after (default 2000; not a flag: tests set it). */
  retryBaseMs?: number | undefined;
  /** `--on-anniversary`: send only on the petition's anniversary (see `anniversary`). */
  onAnniversary?: boolean | undefined;
  /** The petition's anniversary, required with `onAnniversary`. */
  anniversary?: AnniversarySpec | undefined;
  /** `--late-by HOURS` as ms: how long after the day a late send is still allowed (default 12 h). */
  lateByMs?: number | undefined;
  /** Letters prepared at once (default 8): composed and archived while earlier ones are on the wire. How many are on
   * the wire at once is the sender's `maxInFlight` (the SMTP pool's connections). */
  concurrency?: number | undefined;
  /** What the manifest says about petitions and each petition's signatures. */
  petitions?: ManifestPetition[] | undefined;
  signatures?: Record<string, Record<string, unknown>> | undefined;
}

export interface SendDependencies {
  /** Called once, after the guards and the render, so a refused run never connects. */
  createSender: () => Sender | Promise<Sender>;
  /** Renders every letter's files (PDF letter, annex) and returns their paths by letter id. */
  renderAll: (letters: Letter[]) => Promise<Map<string, string[]>>;
  /** MAIL FROM override (or return path template) and DKIM, from the SMTP settings. */
  compose?: Pick<ComposeOptions, 'dkim' | 'envelopeFrom' | 'returnPath'> | undefined;
  now?: (() => Date) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  /** Aborting (Ctrl-C, SIGTERM) stops the run within moments: no new letter starts, a message on the wire is cut off
   * (recorded `unknown` when its end had reached the server, else left unsent), and the report is returned. */
  signal?: AbortSignal | undefined;
  /** Told about each letter as it is settled, for a progress line. */
  onProgress?: ((outcome: DeliveryOutcome, done: number, total: number) => void) | undefined;
}
