// `petition inbox --json` (snake_case, versioned: README "JSON output").
import type { InboundEvent } from '../delivery/ledger.js';
import { JSON_OUTPUT_VERSION } from '../json.js';
import type { InboxOutcome } from './plan.js';

export interface InboxMessageJson {
  ref: string;
  kind: InboxOutcome['kind'];
  event?: InboundEvent | undefined;
  letter?: string | undefined;
  matched_by?: string | undefined;
  why?: string | undefined;
  from?: string | undefined;
  subject: string;
  date?: string | undefined;
  recorded_before: boolean;
}

export interface InboxJson {
  version: number;
  source: string;
  messages: InboxMessageJson[];
  /** Events recorded by this read, by event (keys as the ledger writes them: `auto-replied`). */
  recorded: Partial<Record<InboundEvent, number>>;
  recorded_before: number;
  unmatched: number;
  marked_seen: number;
}

export function inboxJson(source: string, outcomes: readonly InboxOutcome[], recorded: readonly { event: string }[], markedSeen: number): InboxJson {
  const byEvent: Partial<Record<InboundEvent, number>> = {};
  for (const r of recorded) byEvent[r.event as InboundEvent] = (byEvent[r.event as InboundEvent] ?? 0) + 1;
  return {
    version: JSON_OUTPUT_VERSION,
    source,
    messages: outcomes.map((o) => ({
      ref: o.ref,
      kind: o.kind,
      event: o.event,
      letter: o.letter,
      matched_by: o.matchedBy,
      why: o.why,
      from: o.from,
      subject: o.subject,
      date: o.date,
      recorded_before: o.recordedBefore,
    })),
    recorded: byEvent,
    recorded_before: outcomes.filter((o) => o.letter !== undefined && o.recordedBefore).length,
    unmatched: outcomes.filter((o) => o.letter === undefined).length,
    marked_seen: markedSeen,
  };
}
