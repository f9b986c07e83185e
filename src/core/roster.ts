import { problem } from './errors.js';
import { isCountryCode, isEmailAddress, isIsoDate } from './fields.js';
import { isKnownLanguage, languageHint } from './languages.js';
import { postalAddressProblems } from './print/address.js';
import { schemaProblems } from './schema-problems.js';
import { validateRoster } from './schema-validators.generated.js';
import { rosterKinds, yamlTextProblems } from './text-fields.js';
import { checkText } from './text-policy.js';
import type { Addressee, Checked, Problem, Roster, State } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

/** Parses and checks a roster against recipients/roster.schema.json (the same file editors use). Always the package's
 *  own schema, compiled ahead (schema-validators.generated.ts): it is part of what this version checks, and a
 *  project's copy (there for editors) may be older; it must not loosen the check. */
export function parseRoster(text: string, file: string): Checked<Roster> {
  const { source, problems } = parseYaml(text, file);
  if (!source) return { value: undefined, problems };

  const data = source.data as Record<string, unknown> | null;
  if (!validateRoster(data)) problems.push(...schemaProblems(validateRoster.errors ?? [], source, labeller(data)));
  if (!data || typeof data !== 'object') return { value: undefined, problems };
  problems.push(...yamlTextProblems(source, rosterKinds, labeller(data)));

  const raw = data as unknown as Omit<Roster, 'file'>;
  const { groups, groupDetails } = readGroups(raw.groups, source);
  const states = Array.isArray(raw.states) ? raw.states.flatMap((s, i) => (isRecord(s) ? [{ ...(s as unknown as State), line: source.lineOf(['states', i]) }] : [])) : [];
  const addressees = Array.isArray(raw.addressees) ? raw.addressees : [];

  if (typeof raw.as_of === 'string' && !isIsoDate(raw.as_of) && /^\d{4}-\d{2}-\d{2}$/.test(raw.as_of))
    problems.push(problem(file, source.lineOf(['as_of']), 'as_of', `"${raw.as_of}" is not a real date`, 'YYYY-MM-DD'));
  problems.push(...checkStates(states, source));

  const seen = new Map<string, number>();
  const checked: Addressee[] = [];
  addressees.forEach((item, index) => {
    if (!isRecord(item)) return;
    const a = item as unknown as Addressee;
    const line = source.lineOf(['addressees', index]);
    const at = (key: string) => source.lineOf(['addressees', index, ...key.split('.')]); // salutation.fr is two keys
    const label = `addressees.${typeof a.id === 'string' ? a.id : `[${index}]`}`;
    const yamlSource = (item as Record<string, unknown>).source;
    const citation = typeof yamlSource === 'string' ? yamlSource : undefined;
    problems.push(...checkAddressee({ ...a, citation }, groups, file, label, at));
    if (typeof a.id === 'string') {
      const first = seen.get(a.id);
      if (first !== undefined) problems.push(problem(file, at('id'), `${label}.id`, `duplicate id "${a.id}" (first used at line ${first})`, 'ids must be unique: they key the ledger'));
      else seen.set(a.id, line ?? 0);
    }
    checked.push({ ...a, citation, source: { file, line } });
  });

  const roster: Roster = { ...raw, groups, groupDetails, states, addressees: checked, file };
  return { value: roster, problems };
}

/** Each group's description, and its line and summaries (a group is a description, or { description, summary }). */
function readGroups(value: unknown, source: YamlSource): Pick<Roster, 'groups' | 'groupDetails'> {
  const entries = isRecord(value) ? Object.entries(value) : [];
  const description = (group: unknown): string => (typeof group === 'string' ? group : isRecord(group) && typeof group.description === 'string' ? group.description : '');
  const summaries = (group: unknown): Record<string, string> =>
    Object.fromEntries(Object.entries(isRecord(group) && isRecord(group.summary) ? group.summary : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  // fromEntries: a group named `__proto__` stays a key, never the prototype
  return {
    groups: Object.fromEntries(entries.map(([id, group]) => [id, description(group)])),
    groupDetails: Object.fromEntries(entries.map(([id, group]) => [id, { line: source.keyLineOf(['groups', id]), summary: summaries(group) }])),
  };
}

function checkAddressee(a: Addressee, groups: Record<string, string>, file: string, label: string, at: (key: string) => number | undefined): Problem[] {
  const out: Problem[] = [];
  const bad = (key: string, message: string, hint?: string) => out.push(problem(file, at(key), `${label}.${key}`, message, hint));
  // Line breaks, controls and lengths are the text policy's (text-fields.ts); these are the rules of meaning.
  if (typeof a.language === 'string' && /^[a-z]{2,3}$/.test(a.language) && !isKnownLanguage(a.language)) bad('language', `unknown language code "${a.language}"`, languageHint);
  if (isRecord(a.salutation)) {
    for (const lang of Object.keys(a.salutation)) if (/^[a-z]{2,3}$/.test(lang) && !isKnownLanguage(lang)) bad(`salutation.${lang}`, `unknown language code "${lang}"`, languageHint);
    if (typeof a.language === 'string' && !Object.hasOwn(a.salutation, a.language)) bad('salutation', `has no "${a.language}" entry for the addressee's own language`, `add salutation.${a.language}`);
  }
  if (typeof a.email === 'string' && !checkText(a.email, 'address') && !isEmailAddress(a.email.trim()))
    bad('email', `"${a.email}" is not an email address`, 'write name@domain.tld, or leave the field out for a print letter');
  // Own groups only: `constructor` or `__proto__` is in every object, and must be as unknown as any other name.
  if (typeof a.group === 'string' && !Object.hasOwn(groups, a.group)) bad('group', `unknown group "${a.group}"`, `known groups: ${Object.keys(groups).join(', ') || 'none (add a groups: map)'}`);
  if (typeof a.country === 'string' && /^[A-Z]{2}$/.test(a.country) && !isCountryCode(a.country)) bad('country', `"${a.country}" is not an ISO 3166 country code`, 'e.g. FR, ID, KH');
  postalAddressProblems(a, bad);
  return out;
}

function checkStates(states: State[], source: YamlSource): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  states.forEach((s, i) => {
    if (typeof s.code !== 'string') return;
    if (seen.has(s.code)) out.push(problem(source.file, source.lineOf(['states', i, 'code']), `states.${s.code}`, `state "${s.code}" is listed twice`, 'list each state once'));
    seen.add(s.code);
    if (typeof s.successor === 'string' && !isCountryCode(s.successor))
      out.push(problem(source.file, source.lineOf(['states', i, 'successor']), `states.${s.code}.successor`, `"${s.successor}" is not an ISO 3166 country code`));
  });
  return out;
}

export interface StateCoverage {
  state: State;
  addressees: Addressee[];
}

/** Which addressees speak for each state; a state nobody speaks for is reported, never silently skipped. */
export function stateCoverage(roster: Roster): StateCoverage[] {
  const coverage: StateCoverage[] = roster.states.map((state) => ({ state, addressees: [] }));
  const byCode = new Map<string, StateCoverage[]>(); // one pass over the addressees, in roster order, however many states
  for (const c of coverage)
    for (const code of new Set([c.state.code, ...(c.state.successor ? [c.state.successor] : [])])) {
      const list = byCode.get(code);
      if (list) list.push(c);
      else byCode.set(code, [c]);
    }
  for (const a of roster.addressees) if (a.country !== undefined) for (const c of byCode.get(a.country) ?? []) c.addressees.push(a);
  return coverage;
}

export function uncoveredStates(roster: Roster): State[] {
  return stateCoverage(roster)
    .filter((c) => c.addressees.length === 0)
    .map((c) => c.state);
}

export function stateLabel(state: State): string {
  return `${state.name} (${state.code})`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function labeller(data: unknown): (path: (string | number)[]) => string {
  return (path) => {
    if (path[0] === 'addressees' && typeof path[1] === 'number') {
      const item = (data as { addressees?: unknown[] } | null)?.addressees?.[path[1]];
      const id = isRecord(item) && typeof item.id === 'string' ? item.id : `[${path[1]}]`;
      return ['addressees', id, ...path.slice(2)].join('.');
    }
    if (path[0] === 'states' && typeof path[1] === 'number') {
      const item = (data as { states?: unknown[] } | null)?.states?.[path[1]];
      const code = isRecord(item) && typeof item.code === 'string' ? item.code : `[${path[1]}]`;
      return ['states', code, ...path.slice(2)].join('.');
    }
    return path.join('.') || '(top level)';
  };
}
