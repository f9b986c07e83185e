// Approval bound to content: a person approves a letter's content hash, and `send` sends a letter only when its
// current hash has the approvals its petition requires. A letter changed after review (a new count, a fixed title, an
// edited translation) gets a new hash and needs approving again. Pure: the file is read and written in io/approvals.ts.
import { problem } from './errors.js';
import { isEmailAddress } from './fields.js';
import { checkText } from './text-policy.js';
import type { Letter, MailAddress, Problem } from './types.js';

/** `approvals_required` when a petition does not say. */
export const DEFAULT_APPROVALS_REQUIRED = 1;

/** A reviewer, as `--by "Name <email>"` gives them. Two approvals are by different people when their emails differ. */
export interface Approver {
  name: string;
  email: string;
}

/** One line of `approvals.jsonl`: this person approved this letter with this content. */
export interface ApprovalRecord {
  version: 1;
  letter: string;
  content_hash: string;
  by: Approver;
  at: string;
}

export type ApprovalState = 'approved' | 'pending' | 'changed';

/** What the approvals say about one letter as it is now. */
export interface LetterApproval {
  letter: string;
  contentHash: string;
  required: number;
  /** Distinct people who approved the current content, first approval of each. */
  approvers: { by: Approver; at: string }[];
  /** How many more distinct approvers the current content needs (0 when approved). */
  lacking: number;
  /** approved: enough approvers; changed: an earlier version was approved, this one lacks approvals; pending: else. */
  state: ApprovalState;
  /** The last other content of this letter that someone approved: what a reviewer compares the letter against. */
  previous?: { contentHash: string; at: string; approvers: Approver[] } | undefined;
}

const APPROVER = /^(.+?)\s*<([^<>\s]+)>$/;
const NAME_LIMIT = 200;

/** Parses `Name <email>`; a string says what is wrong. */
export function parseApprover(text: string): Approver | string {
  const match = APPROVER.exec(text.trim());
  if (!match) return 'is not "Name <email>"';
  const [, name = '', email = ''] = match;
  const fault = checkText(name, 'header', NAME_LIMIT); // shown in terminals and the review site: nothing that reorders it
  if (fault) return `name ${fault.message}`;
  if (!isEmailAddress(email)) return `"${email}" is not an email address`;
  return { name, email };
}

const identity = (approver: Approver): string => approver.email.toLowerCase();
const HASH = /^[0-9a-f]{64}$/;

/**
 * Every line of an approvals file, each checked; a damaged line is an error at its line (who approved what cannot
 * be guessed). `petition` is the slug the file belongs to: a record for another petition's letter is an error.
 */
export function parseApprovals(text: string, file: string, petition: string): { records: ApprovalRecord[]; problems: Problem[] } {
  const records: ApprovalRecord[] = [];
  const problems: Problem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const checked = checkRecord(line, petition);
    // A last line without its line break that is not JSON: an approve stopped mid-write. Ignoring it can only take an
    // approval away (the letter is then refused as unapproved), never add one; the next approve closes the line.
    if (index === lines.length - 1 && typeof checked === 'string' && line.trim().startsWith('{')) {
      problems.push(problem(file, index + 1, undefined, 'is cut off (an approve stopped while writing it?): ignored', 'approve the letter again', 'warning'));
      return;
    }
    if (typeof checked === 'string' || 'field' in checked) {
      const { field, message } = typeof checked === 'string' ? { field: undefined, message: checked } : checked;
      problems.push(problem(file, index + 1, field, message, 'petition approve writes these lines; restore the line from version control, or remove it and approve again'));
    } else records.push(checked);
  });
  return { records, problems };
}

function checkRecord(line: string, petition: string): ApprovalRecord | string | { field: string; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not a JSON object (a damaged or half-written line)';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const r = value as Record<string, unknown>;
  if (r.version !== 1) return { field: 'version', message: `is ${JSON.stringify(r.version)}, not 1 (written by another version of petition?)` };
  if (typeof r.letter !== 'string' || r.letter.split('/').length !== 3) return { field: 'letter', message: 'is not a letter id (<petition>/<addressee>/<language>)' };
  if (!r.letter.startsWith(`${petition}/`)) return { field: 'letter', message: `"${r.letter}" is a letter of another petition, not of ${petition}` };
  if (typeof r.content_hash !== 'string' || !HASH.test(r.content_hash)) return { field: 'content_hash', message: 'is not a sha256 (64 lowercase hex digits)' };
  const by = r.by as Record<string, unknown> | undefined;
  if (typeof by !== 'object' || by === null || typeof by.name !== 'string' || typeof by.email !== 'string') return { field: 'by', message: 'is not { name, email }' };
  const approver = parseApprover(`${by.name} <${by.email}>`);
  if (typeof approver === 'string') return { field: 'by', message: approver };
  if (typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at))) return { field: 'at', message: 'is not a time (ISO 8601)' };
  return { version: 1, letter: r.letter, content_hash: r.content_hash, by: approver, at: r.at };
}

/** One line of the file for a record: the keys in one order, so the file diffs well. */
export const approvalLine = (r: ApprovalRecord): string =>
  `${JSON.stringify({ version: r.version, letter: r.letter, content_hash: r.content_hash, by: { name: r.by.name, email: r.by.email }, at: r.at })}\n`;

/** Each letter's approval state; records are in file order (appended), so a later record is a later approval. */
export function letterApprovals(letters: readonly Letter[], records: readonly ApprovalRecord[], required: number): LetterApproval[] {
  const byLetter = new Map<string, ApprovalRecord[]>();
  for (const r of records) byLetter.set(r.letter, [...(byLetter.get(r.letter) ?? []), r]);
  return letters.map((letter) => approvalOf(letter, byLetter.get(letter.id) ?? [], required));
}

function approvalOf(letter: Letter, records: readonly ApprovalRecord[], required: number): LetterApproval {
  const approvers = distinct(records.filter((r) => r.content_hash === letter.contentHash)).map((r) => ({ by: r.by, at: r.at }));
  const earlier = records.filter((r) => r.content_hash !== letter.contentHash);
  const last = earlier.at(-1);
  const previous = last && {
    contentHash: last.content_hash,
    at: last.at,
    approvers: distinct(earlier.filter((r) => r.content_hash === last.content_hash)).map((r) => r.by),
  };
  const lacking = Math.max(0, required - approvers.length);
  const state: ApprovalState = lacking === 0 ? 'approved' : previous ? 'changed' : 'pending';
  return { letter: letter.id, contentHash: letter.contentHash, required, approvers, lacking, state, previous };
}

function distinct(records: readonly ApprovalRecord[]): ApprovalRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = identity(r.by);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The records `approver` adds by approving `letters` now: none for a letter whose current content they approved before. */
export function newApprovals(letters: readonly Letter[], records: readonly ApprovalRecord[], approver: Approver, at: string): ApprovalRecord[] {
  const done = new Set(records.filter((r) => identity(r.by) === identity(approver)).map((r) => `${r.letter}\n${r.content_hash}`));
  return letters.filter((l) => !done.has(`${l.id}\n${l.contentHash}`)).map((l) => ({ version: 1, letter: l.id, content_hash: l.contentHash, by: approver, at }));
}

/** What a letter lacks, in a few words: "no approval", "changed since approved by Ada Lovelace on 2026-10-01", "1 of 2 approvals". */
export function lackingReason(a: LetterApproval): string {
  if (a.state === 'approved') return `approved by ${a.approvers.map((x) => x.by.name).join(', ')}`;
  const have = a.approvers.length;
  const count = a.required > 1 ? `${have} of ${a.required} approvals` : 'no approval';
  if (a.state === 'changed' && a.previous && have === 0) return `changed since approved by ${a.previous.approvers.map((x) => x.name).join(', ')} on ${a.previous.at.slice(0, 10)}; ${count}`;
  return have > 0 ? `${count} (by ${a.approvers.map((x) => x.by.name).join(', ')}; needs ${a.lacking} more, another person)` : count;
}

/** A short sentence naming every letter that lacks approval (the first few, then how many more). */
export function approvalRefusal(lacking: readonly LetterApproval[], action: 'send' | 'print' = 'send', shown = 8): { message: string; hint: string } {
  const listed = lacking.slice(0, shown).map((a) => `${a.letter} (${lackingReason(a)})`);
  const more = lacking.length > shown ? `, and ${lacking.length - shown} more (petition approvals lists them)` : '';
  return {
    message: `${lacking.length} letter(s) to ${action} lack approval: ${listed.join(', ')}${more}; nothing was ${action === 'send' ? 'sent' : 'printed'}`,
    hint: `review them (petition review), then petition approve --by "Your Name <you@example.org>" --only <letter-id> (or --all)${action === 'send' ? '; --test-to needs no approval' : ''}`,
  };
}

const addresses = (list: readonly MailAddress[]): string => (list.length === 0 ? '—' : list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', '));

/**
 * The letter as a reviewer reads it, in one text: its envelope, what the PDF says around the text, and the text. It is
 * kept beside the approvals when a letter is approved, so a changed letter can be compared word by word with what was
 * approved. Only what reaches the addressee is in it (the content hash covers the same).
 */
export function reviewText(letter: Letter): string {
  const d = letter.document;
  const lines = [
    `Letter: ${letter.id}`,
    `Channel: ${letter.channel}`,
    `From: ${letter.from ? addresses([letter.from]) : '—'}`,
    ...(letter.replyTo ? [`Reply-To: ${addresses([letter.replyTo])}`] : []),
    `To: ${addresses(letter.to)}`,
    `Cc: ${addresses(letter.cc)}`,
    `Subject: ${letter.subject}`,
    `Attachments: ${letter.attachments.map((a) => a.filename).join(', ') || '—'}`,
    '',
    ...d.letterhead,
    '',
    d.placeAndDate,
    '',
    ...d.addresseeBlock,
    ...(d.copyNotice ? ['', d.copyNotice] : []),
    '',
    letter.text.trimEnd(),
    '',
  ];
  return lines.join('\n');
}
