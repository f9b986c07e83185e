// `petition posted` and `petition returned`: what a person did with a print letter, checked against what the ledger
// already says. Pure: the io/ledger adapter appends the records under the archive's lock, this decides them. Every
// problem comes back at once; records only matter when there is none.
import { problem } from '../errors.js';
import { isIsoDate } from '../fields.js';
import { checkText, type TextKind } from '../text-policy.js';
import type { Letter, Problem } from '../types.js';
import type { LedgerRecord, LedgerState, LetterPostState, PostEvent } from './ledger.js';

/** What `posted` was told; `on` absent means today. */
export interface PostingFacts {
  on?: string | undefined;
  tracking?: string | undefined;
  service?: string | undefined;
  /** A second posting of a letter already posted (the first came back, or was lost). */
  again: boolean;
}

/** What `returned` was told; `on` absent means today. */
export interface ReturnFacts {
  on?: string | undefined;
  reason?: string | undefined;
}

export interface PostPlan {
  records: LedgerRecord[];
  /** Letters for which the ledger already holds these very facts: nothing is added for them. */
  already: string[];
  problems: Problem[];
  warnings: string[];
}

/** The letters as `posted` needs them: id, channel and today's content hash. */
export type PostedLetter = Pick<Letter, 'id' | 'channel' | 'contentHash'>;

const CLI = 'command line';
const LIMITS = { tracking: 100, service: 100, reason: 300 } as const;

/** `--on`, `--tracking`, `--service`, `--reason` by the text policy; `--on` a real day, not after `today`. */
export function postFactProblems(facts: { on?: string | undefined; tracking?: string | undefined; service?: string | undefined; reason?: string | undefined }, today: string): Problem[] {
  const problems: Problem[] = [];
  if (facts.on !== undefined && !isIsoDate(facts.on)) problems.push(problem(CLI, undefined, '--on', `"${facts.on}" is not a date`, 'give YYYY-MM-DD, e.g. --on 2026-10-23'));
  else if (facts.on !== undefined && facts.on > today) problems.push(problem(CLI, undefined, '--on', `${facts.on} is in the future (today is ${today})`, 'give the day it happened'));
  problems.push(...textProblems('--tracking', facts.tracking, 'address', LIMITS.tracking));
  problems.push(...textProblems('--service', facts.service, 'header', LIMITS.service));
  problems.push(...textProblems('--reason', facts.reason, 'header', LIMITS.reason));
  return problems;
}

function textProblems(field: string, value: string | undefined, kind: TextKind, max: number): Problem[] {
  if (value === undefined) return [];
  if (value.trim() === '') return [problem(CLI, undefined, field, 'is empty', 'leave the option out, or give its value')];
  const fault = checkText(value, kind, max);
  return fault ? [problem(CLI, undefined, field, fault.message, fault.hint)] : [];
}

interface PlanContext {
  state: LedgerState;
  /** The archive's content hash of each letter it holds (manifest.json), to tell a posted PDF of another version. */
  archived: ReadonlyMap<string, string>;
  today: string;
  now: string;
}

/** The `posted` record of each letter, or why not; a letter already posted with these facts adds nothing. */
export function planPosting(letters: readonly PostedLetter[], facts: PostingFacts, context: PlanContext): PostPlan {
  const plan: PostPlan = { records: [], already: [], problems: [], warnings: [] };
  const on = facts.on ?? context.today;
  if (facts.tracking !== undefined && letters.length > 1)
    plan.problems.push(problem(CLI, undefined, '--tracking', `one tracking number for ${letters.length} letters`, 'a tracking number is one envelope: record the letters one at a time'));
  for (const letter of letters) {
    if (letter.channel !== 'print') {
      plan.problems.push(problem(CLI, undefined, letter.id, 'is an email letter: petition send sends it, it is never posted', POST_HINT));
      continue;
    }
    const prior = context.state.posts.get(letter.id);
    if (prior?.event === 'posted' && samePosting(prior, facts)) {
      plan.already.push(letter.id);
      continue;
    }
    if (prior && !facts.again) {
      plan.problems.push(
        problem(CLI, undefined, letter.id, `${describePost(prior)}; a different posting is not recorded over it`, 'to record a second posting (the first came back or was lost), add --again'),
      );
      continue;
    }
    plan.warnings.push(...versionWarnings(letter, context.archived));
    plan.records.push(postRecord(letter.id, 'posted', letter.contentHash, context.now, { on, tracking: facts.tracking, service: facts.service }));
  }
  return plan;
}

/** The `returned` record of each posted letter, or why not; a letter already returned (that day) adds nothing. */
export function planReturn(letters: readonly PostedLetter[], facts: ReturnFacts, context: PlanContext): PostPlan {
  const plan: PostPlan = { records: [], already: [], problems: [], warnings: [] };
  const on = facts.on ?? context.today;
  for (const letter of letters) {
    const prior = context.state.posts.get(letter.id);
    const wrong = returnProblem(letter, prior, facts, on);
    if (wrong) plan.problems.push(problem(CLI, undefined, letter.id, wrong.message, wrong.hint));
    else if (prior?.event === 'returned') plan.already.push(letter.id);
    else if (prior) plan.records.push({ ...postRecord(letter.id, 'returned', prior.contentHash, context.now, { on }), reason: facts.reason });
  }
  return plan;
}

function returnProblem(letter: PostedLetter, prior: LetterPostState | undefined, facts: ReturnFacts, on: string): { message: string; hint: string } | undefined {
  if (!prior && letter.channel !== 'print') return { message: 'is an email letter: it is never posted, so it cannot come back by post', hint: POST_HINT };
  if (!prior) return { message: 'has not been posted: nothing can come back', hint: `record its posting first: petition posted ${letter.id}` };
  if (prior.event === 'returned')
    return facts.on === undefined || facts.on === prior.on
      ? undefined
      : { message: `${describePost(prior)}, not on ${on}`, hint: 'to record another return, post it again first (petition posted --again)' };
  if (on < prior.postedOn) return { message: `cannot come back on ${on}, before it was posted (${prior.postedOn})`, hint: 'give the day it came back with --on' };
  return undefined;
}

const POST_HINT = "only print letters, those of an addressee without an email, are posted; petition status shows each letter's channel";

/** The same posting again: the same tracking number and service, and the same day when one is given. */
const samePosting = (prior: LetterPostState, facts: PostingFacts): boolean =>
  prior.tracking === facts.tracking && prior.service === facts.service && (facts.on === undefined || facts.on === prior.postedOn);

export function describePost(post: LetterPostState): string {
  const tracking = post.tracking ? `, tracking ${post.tracking}` : '';
  const posted = `was posted on ${post.postedOn}${tracking}`;
  return post.event === 'returned' ? `${posted}, and returned on ${post.on}` : posted;
}

/** The PDF in the archive is of another version than the letter as it is today (or there is none): say so. */
function versionWarnings(letter: PostedLetter, archived: ReadonlyMap<string, string>): string[] {
  const hash = archived.get(letter.id);
  if (hash === undefined) return [`${letter.id}: not rendered in this archive: the ledger records the content hash of the letter as it is today`];
  if (hash !== letter.contentHash) return [`${letter.id}: changed since it was rendered into this archive: the ledger records the content hash of the letter as it is today, not of the PDF there`];
  return [];
}

function postRecord(letter: string, event: PostEvent, contentHash: string, now: string, post: LedgerRecord['post']): LedgerRecord {
  return { v: 1, at: now, letter, event, contentHash, post };
}

/** An addressee id that names letters of several petitions (one envelope each) says which one it is, or is refused:
 *  one posting must never be recorded for letters that were not posted. */
export function ambiguousIds(ids: readonly string[], letters: readonly Pick<Letter, 'id' | 'addresseeId'>[]): Problem[] {
  return ids.flatMap((id) => {
    const named = letters.filter((l) => l.addresseeId === id && l.id !== id);
    if (named.length <= 1) return [];
    const hint = `give the letter id (${named.map((l) => l.id).join(', ')}), or --petition`;
    return [problem('command line', undefined, 'letter', `"${id}" names ${named.length} letters, one per petition`, hint)];
  });
}
