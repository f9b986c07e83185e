// The short words of a language, `templates/<lang>/labels.yaml`: the letter templates name them ({{labels.to}}), the
// PDF letter prints its distribution list with them and the signature annex prints nothing else. Every key is
// required in every language, so that a Khmer annex never falls back to English and a label is never blank; the two
// of a list that names groups (listLabelKeys) are required where a letter does.
import { problem } from './errors.js';
import type { Problem } from './types.js';
import { parseYaml } from './yaml-source.js';

/** What the letter templates and the PDF letter use. */
const letterLabelKeys = ['locale', 'to', 'cc', 'copy', 'page', 'annex_title'] as const;

/** What a letter whose distribution list names groups needs (core/distribution.ts reports their absence then): a
 *  campaign's own labels.yaml from before them still serves every letter that names each addressee. */
export const listLabelKeys = ['distribution_annex', 'distribution_title'] as const;

/** What the signature annex prints, in the order it prints them. */
const annexLabelKeys = [
  'annex_prepared_for',
  'annex_summary',
  'annex_rows',
  'annex_unique',
  'annex_invalid',
  'annex_duplicates',
  'annex_declared',
  'annex_total',
  'annex_countries',
  'annex_by_country',
  'annex_country',
  'annex_signatures',
  'annex_share',
  'annex_not_stated',
  'annex_other_countries',
  'annex_by_day',
  'annex_signers',
  'annex_and_more',
] as const;

export const labelKeys = [...letterLabelKeys, ...annexLabelKeys] as const;
export type LabelKey = (typeof labelKeys)[number];
export type ListLabelKey = (typeof listLabelKeys)[number];
export type Labels = Record<LabelKey, string> & Partial<Record<ListLabelKey, string>>;

/** Where a label that says how many puts the number, e.g. `"{count} other countries"`. */
export const COUNT_PLACEHOLDER = '{count}';
const countedLabelKeys: readonly (LabelKey | ListLabelKey)[] = ['annex_other_countries', 'annex_and_more', 'distribution_annex'];

/** A counted label with its number (already formatted in the labels' locale) in place of {count}. */
export function withCount(label: string, count: string): string {
  return label.split(COUNT_PLACEHOLDER).join(count);
}

/** The labels of a language, or undefined with a problem for each key that is missing, empty or malformed. */
export function readLabels(file: { path: string; text: string } | undefined, language: string, problems: Problem[]): Labels | undefined {
  if (!file) {
    problems.push(problem(`templates/${language}/labels.yaml`, undefined, undefined, 'labels file is missing', `needs ${labelKeys.join(', ')}`));
    return undefined;
  }
  const parsed = parseYaml(file.text, file.path);
  problems.push(...parsed.problems);
  const source = parsed.source;
  if (source === undefined) return undefined;
  const data = source.data;
  // Own fields only: a labels file cannot borrow a label from JavaScript's objects (`__proto__: {…}`).
  const own = (key: string): unknown => (typeof data === 'object' && data !== null && Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined);
  const labels: Partial<Labels> = {};
  for (const key of [...labelKeys, ...listLabelKeys]) {
    const value = own(key);
    if (typeof value === 'string' && value !== '') labels[key] = value;
  }
  const missing = [...labelKeys, ...listLabelKeys.filter((key) => own(key) !== undefined)].filter((key) => labels[key] === undefined);
  // Each missing key named on its own; the hint lists them all, so a project's own templates can be completed at once.
  for (const key of missing) problems.push(problem(file.path, source.lineOf([key]) ?? 1, key, 'is missing or empty', `add ${missing.join(', ')} — every language needs every label`));
  const uncounted = countedLabelKeys.filter((key) => !(labels[key] ?? COUNT_PLACEHOLDER).includes(COUNT_PLACEHOLDER)); // an absent list label is asked for where it is needed
  for (const key of uncounted)
    problems.push(problem(file.path, source.lineOf([key]), key, `has no ${COUNT_PLACEHOLDER}`, `write ${COUNT_PLACEHOLDER} where the number goes, e.g. "… and ${COUNT_PLACEHOLDER} more"`));
  if (missing.length > 0 || uncounted.length > 0) return undefined;
  const complete = labels as Labels;
  try {
    new Intl.NumberFormat(complete.locale);
  } catch {
    problems.push(problem(file.path, source.lineOf(['locale']), 'locale', `"${complete.locale}" is not a locale`, 'e.g. en-GB, fr-FR, km-KH-u-nu-khmr'));
    return undefined;
  }
  return complete;
}
