// What petition review shows of each letter: plain data built from the plan, the approvals and what io found (the
// headers nodemailer writes, where the PDFs are), so the page builders take no decisions of their own.
import { letterStem } from '../follow-up.js';
import { lackingReason, type ApprovalState, type LetterApproval } from '../approval.js';
import { archiveSegment, letterBaseName } from '../archive-names.js';
import type { PetitionPlan } from '../campaign.js';
import type { Channel, Letter, Problem } from '../types.js';
import { wordDiff, type DiffRun } from './word-diff.js';

export interface ReviewFile {
  label: string;
  /** Site-relative, forward slashes. */
  path: string;
}

export interface ReviewLetter {
  id: string;
  /** The letter's page, site-relative: `letters/<petition>/<addressee>.<language>.html`. */
  page: string;
  petition: string;
  petitionTitle: string;
  addresseeId: string;
  addressee: string;
  country: string;
  language: string;
  channel: Channel;
  subject: string;
  signatures: number;
  state: ApprovalState;
  approval: string;
  text: string;
  html: string;
  /** The header block of the message as it would be sent; for print letters, none. */
  headers: string | undefined;
  /** The letter's PDF first, then the annexes it encloses. */
  files: ReviewFile[];
  /** Attachments that are files of the petition folder: named, not copied into the site. */
  otherAttachments: string[];
  problems: Problem[];
  /** Against the text as last approved, when the letter changed since. */
  diff: DiffRun[] | undefined;
}

export interface ReviewSite {
  letters: ReviewLetter[];
  /** Problems that concern no one letter (a state without addressee, rejected signature rows of no petition …). */
  problems: Problem[];
}

/** What io supplies for one letter. */
export interface LetterFacts {
  approval: LetterApproval;
  approvedText: string | undefined;
  currentText: string;
  headers: string | undefined;
  files: ReviewFile[];
}

export const letterPage = (letter: Pick<Letter, 'petition' | 'addresseeId' | 'language' | 'followUp'>): string =>
  `letters/${archiveSegment(letter.petition)}/${letterBaseName(letterStem(letter), letter.language)}.html`;

/** The problems about this letter: its petition's files, and its addressee's line of the roster. */
export function letterProblems(problems: readonly Problem[], plan: PetitionPlan, letter: Letter): Problem[] {
  const petitionFiles = new Set([plan.petition.file, ...plan.petition.translations.map((t) => t.file)]);
  const addressee = plan.roster.addressees.find((a) => a.id === letter.addresseeId);
  const rosterFiles = new Set([plan.roster.file, letter.roster?.file, addressee?.source.file].filter((f) => f !== undefined));
  const line = addressee?.source.line;
  return problems.filter((p) => petitionFiles.has(p.file) || (rosterFiles.has(p.file) && line !== undefined && p.line === line));
}

export function reviewLetter(plan: PetitionPlan, letter: Letter, facts: LetterFacts, problems: readonly Problem[]): ReviewLetter {
  const addressee = plan.roster.addressees.find((a) => a.id === letter.addresseeId);
  const state = plan.roster.states.find((s) => s.code === addressee?.country);
  const approved = facts.approvedText;
  const changed = facts.approval.state !== 'approved' && facts.approval.previous !== undefined && approved !== undefined && approved !== facts.currentText;
  return {
    id: letter.id,
    page: letterPage(letter),
    petition: letter.petition,
    petitionTitle: plan.petition.title,
    addresseeId: letter.addresseeId,
    addressee: addressee ? `${addressee.honorific} ${addressee.name}`.trim() : letter.addresseeId,
    country: state ? `${state.name} (${state.code})` : (addressee?.country ?? ''),
    language: letter.language,
    channel: letter.channel,
    subject: letter.subject,
    signatures: plan.tally.total,
    state: facts.approval.state,
    approval: lackingReason(facts.approval),
    text: letter.text,
    html: letter.html,
    headers: facts.headers,
    files: facts.files,
    otherAttachments: letter.attachments.filter((a) => a.kind === 'file').map((a) => a.filename),
    problems: letterProblems(problems, plan, letter),
    diff: changed ? wordDiff(approved, facts.currentText) : undefined,
  };
}

/** The campaign-wide problems: those no letter of the site claims. */
export function siteProblems(problems: readonly Problem[], letters: readonly ReviewLetter[]): Problem[] {
  const claimed = new Set(letters.flatMap((l) => l.problems));
  return problems.filter((p) => !claimed.has(p));
}
