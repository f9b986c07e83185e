// Which letter a message answers. Our Message-IDs are the same for the same letter on every run, so a reply that
// quotes one is matched for certain; then a bounce's envelope id or the returned message's Message-ID; then the
// return-path token a bounce was addressed to; last the addressee's address together with the letter's subject.
// Anything else is unmatched and shown to the user: never dropped, never guessed.
import { repliedTo, stripReplyPrefix, type Classification } from './classify.js';
import type { InboundMessage } from './message.js';
import { followedUpId } from '../follow-up.js';

/** A letter that left (or may have): what a message about it can name. */
export interface SentLetter {
  id: string;
  /** Every Message-ID the letter was sent with, lowercased `<…>`. */
  messageIds: readonly string[];
  /** The addresses it was sent to, lowercased. */
  to: readonly string[];
  subject: string;
  /** The ENVID it was sent with, and the token of its return path (core/delivery/dsn.ts). */
  envelopeId?: string | undefined;
  returnToken?: string | undefined;
}

export interface MatchIndex {
  byMessageId: Map<string, string>;
  byEnvelopeId: Map<string, string>;
  byToken: Map<string, string>;
  byAddress: Map<string, SentLetter[]>;
}

export function matchIndex(letters: readonly SentLetter[]): MatchIndex {
  const index: MatchIndex = { byMessageId: new Map(), byEnvelopeId: new Map(), byToken: new Map(), byAddress: new Map() };
  for (const l of letters) {
    for (const id of l.messageIds) index.byMessageId.set(id.toLowerCase(), l.id);
    if (l.envelopeId) index.byEnvelopeId.set(l.envelopeId, l.id);
    if (l.returnToken) index.byToken.set(l.returnToken.toLowerCase(), l.id);
    for (const a of l.to) index.byAddress.set(a.toLowerCase(), [...(index.byAddress.get(a.toLowerCase()) ?? []), l]);
  }
  return index;
}

/** `about`: our Message-ID the message names, when it names one: which send of the letter it is about. */
export type Match = { letter: string; by: string; about?: string | undefined } | { letter?: undefined; why: string };

export function matchMessage(m: InboundMessage, c: Classification, index: MatchIndex): Match {
  if (c.kind === 'report') {
    const byEnvelope = c.envelopeId ? index.byEnvelopeId.get(c.envelopeId) : undefined;
    if (byEnvelope) return { letter: byEnvelope, by: 'envelope-id' };
    const about = c.originalMessageIds.find((id) => index.byMessageId.has(id));
    if (about) return { letter: index.byMessageId.get(about) as string, by: 'original-message-id', about };
    // It returns a message that is not ours (a newsletter to the same address): never guessed to be about a letter.
    if (c.originalMessageIds.length > 0 && !returnPathToken(m.recipients, index)) return { why: `a delivery report about ${c.originalMessageIds[0] ?? ''}, a message not sent from this archive` };
  } else {
    const about = repliedTo(m).find((id) => index.byMessageId.has(id));
    if (about) return { letter: index.byMessageId.get(about) as string, by: m.inReplyTo.some((id) => index.byMessageId.has(id.toLowerCase())) ? 'in-reply-to' : 'references', about };
  }
  const token = returnPathToken(m.recipients, index);
  if (token) return { letter: token, by: 'return-path' };
  return c.kind === 'report' ? byRecipient(c.recipients, index) : bySender(m, index);
}

/** `bounces+<token>@…` among the addresses the message was for. */
function returnPathToken(recipients: readonly string[], index: MatchIndex): string | undefined {
  for (const address of recipients) {
    const token = /^[^@+]+\+([^@]+)@/.exec(address)?.[1];
    const letter = token ? index.byToken.get(token.toLowerCase()) : undefined;
    if (letter) return letter;
  }
  return undefined;
}

/** A bounce naming the address it failed for: the letter sent there, if only one was. */
function byRecipient(recipients: readonly string[], index: MatchIndex): Match {
  const letters = [...new Set(recipients.flatMap((a) => index.byAddress.get(a) ?? []))];
  if (letters.length === 1 && letters[0]) return { letter: letters[0].id, by: 'recipient-address' };
  if (letters.length > 1) return { why: `a report about ${recipients.join(', ')}, who got ${letters.length} letters (${letters.map((l) => l.id).join(', ')}): it names none of them` };
  return { why: 'a delivery report that names no letter sent from this archive (no envelope id, Message-ID, return path or address of ours)' };
}

/** A message from an addressee's address about a letter's subject. */
function bySender(m: InboundMessage, index: MatchIndex): Match {
  const from = m.from?.address.toLowerCase();
  const letters = from ? (index.byAddress.get(from) ?? []) : [];
  if (letters.length === 0) return { why: 'not from an addressee, and it names no Message-ID of a letter sent from this archive' };
  const subject = normalise(stripReplyPrefix(m.subject));
  // The reply's subject holds the letter's, or is a long enough part of it (a subject cut short by a mail program).
  const matching = letters.filter((l) => subject !== '' && (subject.includes(normalise(stripReplyPrefix(l.subject))) || (subject.length >= 12 && normalise(l.subject).includes(subject))));
  // A letter and its reminder share a subject: an answer that names neither answers the letter.
  const same = matching.filter((l) => !matching.some((other) => other.id === followedUpId(l.id)));
  if (same.length === 1 && same[0]) return { letter: same[0].id, by: 'address-and-subject' };
  if (same.length > 1) return { why: `from ${from}, who got ${same.length} letters with this subject: it names none of them` };
  return { why: `from ${from} (an addressee), but its subject is not one of the letters sent there and it names no Message-ID of ours` };
}

const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();
