// Decides, from the letters and what the ledger says, what a send run does with each letter.
// Pure: the runner carries the plan out; tests assert the plan.
import type { Letter } from '../types.js';
import type { LedgerState } from './ledger.js';
import { followedUpId } from '../follow-up.js';

export type DeliveryAction =
  /** Never sent: send it. */
  | 'send'
  /** A permanent failure last time (e.g. 550): try once more, the roster may have been fixed. */
  | 'retry-failed'
  /** Sent before, then changed, and `resend` was given: send the new version. */
  | 'resend'
  /** Fate unknown (process died mid-send) and `retryUnknown` was given. */
  | 'retry-unknown'
  | 'skip-sent'
  | 'skip-changed'
  | 'skip-unknown'
  /** Recorded as posted (`petition posted`, not since returned): not emailed as well without `resend`. */
  | 'skip-posted'
  /** Over `limit`: left for a later run. */
  | 'skip-limit'
  /** Not among `only`. */
  | 'skip-not-selected'
  /** A print letter: archived, posted by hand. */
  | 'print';

export interface PlannedDelivery {
  letter: Letter;
  action: DeliveryAction;
  reason: string;
}

export interface PlanOptions {
  /** Addressee ids (or full letter ids) to restrict the run to. */
  only?: readonly string[] | undefined;
  /** Send at most this many letters in this run. */
  limit?: number | undefined;
  resend?: boolean | undefined;
  retryUnknown?: boolean | undefined;
}

const SENDING_ACTIONS: ReadonlySet<DeliveryAction> = new Set(['send', 'retry-failed', 'resend', 'retry-unknown']);

export const isSendAction = (action: DeliveryAction): boolean => SENDING_ACTIONS.has(action);

export function planDelivery(letters: readonly Letter[], ledger: LedgerState, options: PlanOptions = {}): PlannedDelivery[] {
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  let budget = options.limit ?? Number.POSITIVE_INFINITY;
  return letters.map((letter) => {
    if (only && !only.has(letter.addresseeId) && !only.has(letter.id)) return { letter, action: 'skip-not-selected', reason: 'not among --only' };
    if (letter.channel === 'print') return { letter, action: 'print', reason: 'print letter: archived, to be posted' };
    const planned = decide(letter, ledger, options);
    if (!isSendAction(planned.action)) return planned;
    if (budget <= 0) return { letter, action: 'skip-limit', reason: `over --limit ${options.limit}` };
    budget -= 1;
    return planned;
  });
}

function decide(letter: Letter, ledger: LedgerState, options: PlanOptions): PlannedDelivery {
  const entry = ledger.letters.get(letter.id);
  // A letter that went by post (its addressee had no email then) is not sent a second time by email unasked.
  const post = ledger.posts.get(letter.id);
  if (post?.event === 'posted' && !options.resend && entry?.sentContentHash === undefined)
    return { letter, action: 'skip-posted', reason: `posted on ${post.postedOn}${post.tracking ? ` (${post.tracking})` : ''}: not emailed as well (--resend to email it too)` };
  if (!entry) return { letter, action: 'send', reason: 'not sent yet' };
  if (entry.status === 'unknown') {
    const since = `sending since ${entry.at}, no reply recorded`;
    return options.retryUnknown
      ? { letter, action: 'retry-unknown', reason: `${since}; sending again (--retry-unknown)` }
      : { letter, action: 'skip-unknown', reason: `${since}; may have been delivered (check, then --retry-unknown)` };
  }
  if (entry.sentContentHash !== undefined) {
    const when = entry.sentAt ? ` on ${entry.sentAt}` : '';
    if (entry.sentContentHash === letter.contentHash) return { letter, action: 'skip-sent', reason: `sent${when}${entry.messageId ? ` as ${entry.messageId}` : ''}` };
    return options.resend
      ? { letter, action: 'resend', reason: `changed since sent${when}; sending the new version (--resend)` }
      : { letter, action: 'skip-changed', reason: `changed since sent${when} (--resend to send the new version)` };
  }
  if (entry.status === 'failed') return { letter, action: 'retry-failed', reason: `failed before: ${entry.reason ?? 'no reason recorded'}` };
  return { letter, action: 'send', reason: entry.reason ? `not sent yet (last: ${entry.reason})` : 'not sent yet' };
}

/** The one advice for a letter that may or may not have been delivered (a reminder is sent again by follow-up). */
export function unknownHint(letterId: string): string {
  const again = followedUpId(letterId) ? `petition follow-up --after 0 --retry-unknown --only ${letterId}` : `petition send --retry-unknown --only ${letterId}`;
  return `it may have been delivered: ask the addressee or check the server's log, then record what you found with petition ledger settle ${letterId} --delivered (or --not-delivered) --note "…"; to send it again regardless: ${again}`;
}

export interface PlanSummary {
  total: number;
  toSend: number;
  byAction: Partial<Record<DeliveryAction, number>>;
}

export function summarizePlan(plan: readonly PlannedDelivery[]): PlanSummary {
  const byAction: Partial<Record<DeliveryAction, number>> = {};
  for (const p of plan) byAction[p.action] = (byAction[p.action] ?? 0) + 1;
  return { total: plan.length, toSend: plan.filter((p) => isSendAction(p.action)).length, byAction };
}
