// `petition inbox --json` (snake_case, versioned: README "JSON output").
import type { InboundEvent } from '../delivery/ledger.js';
import { JSON_OUTPUT_VERSION } from '../json.js';
import type { InboxOutcome } from './plan.js';
import type { StateCounts, YearReport } from './accountability.js';
import type { StatusRow } from '../delivery/status.js';

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

export interface StateCountsJson {
  state: string;
  letters: number;
  sent: number;
  delivered: number;
  bounced: number;
  acknowledged: number;
  replied: number;
  reminded: number;
  silent: number;
  print: number;
  posted: number;
  returned: number;
  days_to_first_reply?: number | undefined;
}

export interface ReportJson {
  version: number;
  reports: { petition: string; year: string; states: StateCountsJson[]; total: StateCountsJson }[];
  bounced: { id: string; status?: string | undefined; diagnostic?: string | undefined; hint?: string | undefined }[];
}

const stateJson = (s: StateCounts): StateCountsJson => ({
  state: s.state,
  letters: s.letters,
  sent: s.sent,
  delivered: s.delivered,
  bounced: s.bounced,
  acknowledged: s.acknowledged,
  replied: s.replied,
  reminded: s.reminded,
  silent: s.silent,
  print: s.print,
  posted: s.posted,
  returned: s.returned,
  days_to_first_reply: s.daysToFirstReply,
});

export function reportJson(reports: readonly YearReport[], bounced: readonly StatusRow[]): ReportJson {
  return {
    version: JSON_OUTPUT_VERSION,
    reports: reports.map((r) => ({ petition: r.petition, year: r.year, states: r.states.map(stateJson), total: stateJson(r.total) })),
    bounced: bounced.map((r) => ({ id: r.id, status: r.deliveryReport?.status, diagnostic: r.deliveryReport?.diagnostic, hint: r.hint })),
  };
}
