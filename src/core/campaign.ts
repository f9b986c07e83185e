// A campaign as loaded: per petition, its roster, tally and planned letters. Shared by every command that plans.
import type { DistributionAnnex } from './distribution.js';
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
