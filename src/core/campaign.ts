// A campaign as loaded: per petition, its roster, tally and planned letters. Shared by every command that plans.
import type { DistributionAnnex } from './distribution.js';
import { InputError, problem } from './errors.js';
import type { FollowUps } from './follow-up.js';
import type { Labels, TemplateSet } from './templates.js';
import type { Addressee, Letter, Petition, Problem, Roster, SignatureTally, State } from './types.js';

/** The addressees a plan writes to. */
export function plannedAddressees(plan: PetitionPlan): Addressee[] {
  const ids = new Set(plan.letters.map((l) => l.addresseeId));
  return plan.roster.addressees.filter((a) => ids.has(a.id));
}

export interface PetitionPlan {
  petition: Petition;
  roster: Roster;
  tally: SignatureTally;
  letters: Letter[];
  uncoveredStates: State[];
  /** The first `signerNames` unique signers' names, in file order. */
  signerNames: string[];
  /** The annex's words, from the petition language's labels.yaml; undefined when no letter has an annex. */
  annexLabels: Labels | undefined;
  /** The full distribution list, when the letters name groups instead of every addressee (they enclose it). */
  distributionAnnex?: DistributionAnnex | undefined;
  /** Each email letter's reminder, when the campaign was loaded for them (follow-up, and approving them). */
  followUps?: FollowUps | undefined;
}

export interface Campaign {
  plans: PetitionPlan[];
  templates?: TemplateSet | undefined;
  /** Errors and warnings, every one found. */
  problems: Problem[];
}

/** A petition's signature counts as the manifest records them beside each letter. */
export function signatureSummary(plan: PetitionPlan): Record<string, unknown> {
  const t = plan.tally;
  return { total: t.total, unique: t.unique, declared: t.declaredTotal, rows: t.rows, invalid: t.invalid, duplicates: t.duplicates, countries: t.countries, kind: t.kind };
}

/**
 * Each plan's letters named by `only` (addressee ids or letter ids; all letters when empty). An id that names no
 * letter is bad input: a typo must not approve, or send, nothing silently.
 */
export function selectLetters(plans: readonly PetitionPlan[], only: readonly string[], field = '--only'): { plan: PetitionPlan; letters: Letter[] }[] {
  const { chosen, problems } = namedLetters(plans, only, field);
  if (problems.length > 0) throw new InputError(problems);
  return chosen;
}

/** `selectLetters` that returns its problems (one per id naming no letter) beside what the other ids name. */
export function namedLetters(plans: readonly PetitionPlan[], only: readonly string[], field: string): { chosen: { plan: PetitionPlan; letters: Letter[] }[]; problems: Problem[] } {
  const wanted = new Set(only);
  const chosen = plans.map((plan) => ({ plan, letters: wanted.size === 0 ? plan.letters : plan.letters.filter((l) => wanted.has(l.id) || wanted.has(l.addresseeId)) }));
  const known = new Set(plans.flatMap((p) => p.letters.flatMap((l) => [l.id, l.addresseeId])));
  const unknown = only.filter((id) => !known.has(id));
  const hint = 'give a letter id (petition/addressee/language) or an addressee id; petition preview lists them';
  return { chosen, problems: unknown.map((id) => problem('command line', undefined, field, `no letter for "${id}"`, hint)) };
}

/**
 * Each plan with its letters' reminders in place of its letters (`approve --follow-up`, `approvals --follow-up`), and a
 * warning per template a language lacks: its letters have no reminder to approve.
 */
export function reminderPlans(plans: readonly PetitionPlan[]): { plans: PetitionPlan[]; problems: Problem[] } {
  const lacking = new Map<string, string[]>();
  for (const plan of plans) for (const m of plan.followUps?.missing ?? []) lacking.set(m.template, [...(lacking.get(m.template) ?? []), m.letter.id]);
  const problems = [...lacking].map(([template, letters]) =>
    problem(
      template,
      undefined,
      'follow-up.md',
      `is missing: ${letters.length} letter(s) have no reminder (${letters.slice(0, 3).join(', ')}${letters.length > 3 ? ', …' : ''})`,
      'have it written by a fluent reader of that language',
      'warning',
    ),
  );
  return { plans: plans.map((plan) => ({ ...plan, letters: plan.followUps?.letters ?? [] })), problems };
}
