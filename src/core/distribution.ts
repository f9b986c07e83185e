// The distribution list at the foot of every letter ("To: …; Copies to: …"), built once per petition and language.
// A letter names every addressee while they are few; when they are more than the petition's limit (default 50), the
// largest groups are named by their summary instead ("the foreign ministers of the 18 signatory states"), until what
// is left fits, and the full list goes once into a separate annex PDF that every letter of the petition encloses. So a
// letter stays a letter at 10,000 addressees, and nothing per letter grows with the roster.
import { problem } from './errors.js';
import { countryName } from './fields.js';
import { canonicalJson, sha256 } from './hash.js';
import { withCount, type Labels, type ListLabelKey } from './template-labels.js';
import type { Addressee, LetterDistribution, Problem, Roster } from './types.js';

export const DEFAULT_DISTRIBUTION_LIST_LIMIT = 50;

/** Who is on the list and which of their groups the letters name by summary; the same for every language. */
export interface DistributionPlan {
  principal: readonly Addressee[];
  copies: readonly Addressee[];
  /** Groups named by their summary instead of their members' names, with how many each has. */
  summarised: ReadonlyMap<string, number>;
}

/** The full list of names, in the petition's language, as the distribution annex prints it (only when groups are summarised). */
export interface DistributionAnnex {
  title: string;
  language: string;
  labels: { title: string; to: string; cc: string };
  to: string[];
  cc: string[];
}

/** Summarises the largest groups (the first to appear wins a tie) until the names left are within `limit`. */
export function planDistribution(principal: readonly Addressee[], copies: readonly Addressee[], limit: number): DistributionPlan {
  const sizes = new Map<string, number>();
  for (const a of [...principal, ...copies]) sizes.set(a.group, (sizes.get(a.group) ?? 0) + 1);
  const largestFirst = [...sizes].sort(([, a], [, b]) => b - a); // a stable sort: ties keep roster order
  const summarised = new Map<string, number>();
  let named = principal.length + copies.length;
  for (const [group, size] of largestFirst) {
    if (named <= limit) break;
    summarised.set(group, size);
    named -= size;
  }
  return { principal, copies, summarised };
}

/** The list as a letter in `language` prints it, or undefined with a problem for each summary the roster lacks.
 *  `annexHash` is the enclosed full list's (distributionAnnexHash) when groups are summarised. */
export function distributionIn(plan: DistributionPlan, roster: Roster, language: string, labels: Labels, annexHash: string | undefined, problems: Problem[]): LetterDistribution | undefined {
  const note = plan.summarised.size > 0 ? listLabel(labels, 'distribution_annex', language, problems) : undefined;
  const numbers = new Intl.NumberFormat(labels.locale);
  let complete = true;
  const entries = (addressees: readonly Addressee[]): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const a of addressees) {
      if (!plan.summarised.has(a.group)) out.push(distributionLine(a, language));
      else if (!seen.has(a.group)) {
        seen.add(a.group);
        const summary = groupSummary(roster, a.group, language, problems);
        if (summary === undefined) complete = false;
        else out.push(withCount(summary, numbers.format(plan.summarised.get(a.group) ?? 0)));
      }
    }
    return out;
  };
  const to = entries(plan.principal);
  const cc = entries(plan.copies);
  if (!complete) return undefined;
  const list: LetterDistribution = { to, cc, labels: { to: labels.to, cc: labels.cc }, annex: undefined };
  if (plan.summarised.size === 0) return list; // every name in the letter: no annex key in its hash
  // Groups named without their list enclosed, or without saying so, would be a letter that hides who got it.
  if (note === undefined || annexHash === undefined) return undefined;
  const total = plan.principal.length + plan.copies.length;
  return { ...list, annex: { note: withCount(note, numbers.format(total)), addressees: total, sha256: annexHash } };
}

/** The annex of a petition whose letters summarise groups: every name, in the petition's language; undefined with a
 *  problem when the language's labels.yaml has no title for it. */
export function distributionAnnex(plan: DistributionPlan, title: string, language: string, labels: Labels, problems: Problem[]): DistributionAnnex | undefined {
  const listTitle = listLabel(labels, 'distribution_title', language, problems);
  if (listTitle === undefined) return undefined;
  return {
    title,
    language,
    labels: { title: listTitle, to: labels.to, cc: labels.cc },
    to: plan.principal.map((a) => distributionLine(a, language)),
    cc: plan.copies.map((a) => distributionLine(a, language)),
  };
}

/** What the letters enclose, as a hash: a letter's content hash covers the list it refers to. */
export const distributionAnnexHash = (annex: DistributionAnnex): string => sha256(canonicalJson(annex));

/** A label only a list that names groups needs: a campaign's own labels.yaml may predate it. */
function listLabel(labels: Labels, key: ListLabelKey, language: string, problems: Problem[]): string | undefined {
  const value = labels[key];
  if (value === undefined) {
    const example = key === 'distribution_annex' ? '"All {count} addressees are named in the enclosed distribution list."' : 'Distribution list';
    problems.push(
      problem(
        `templates/${language}/labels.yaml`,
        undefined,
        key,
        'is missing: the letters name groups instead of every addressee, and enclose the full list',
        `add ${key}: ${example} (in ${language})`,
      ),
    );
  }
  return value;
}

function groupSummary(roster: Roster, group: string, language: string, problems: Problem[]): string | undefined {
  const details = Object.hasOwn(roster.groupDetails, group) ? roster.groupDetails[group] : undefined;
  const summary = details && Object.hasOwn(details.summary, language) ? details.summary[language] : undefined;
  if (summary) return summary;
  problems.push(
    problem(
      roster.file,
      details?.line,
      `groups.${group}.summary.${language}`,
      `the letters in "${language}" name this group by its summary (there are more addressees than the petition's distribution_list_limit), and it has no "${language}" summary`,
      `add groups.${group}.summary.${language}, e.g. "the foreign ministers of the {count} signatory states", or raise distribution_list_limit in the petition`,
    ),
  );
  return undefined;
}

/** An addressee on the distribution list: name, title, and the organisation or the country spoken for. */
export function distributionLine(a: Addressee, language: string): string {
  const where = a.organization ?? whereLine(a, language);
  return `${a.honorific ? `${a.honorific} ` : ''}${a.name}, ${a.title}${where ? `, ${where}` : ''}`;
}

/** The country an addressee speaks for, unless the title already names it ("King of Cambodia"). */
export function whereLine(a: Addressee, language: string): string | undefined {
  if (!a.country) return undefined;
  const names = [countryName(a.country, language), countryName(a.country, 'en')];
  return names.some((n) => a.title.includes(n)) ? undefined : names[0];
}
