// The text policy applied to every string of a roster, a petition's front matter and body, and the templates:
// which kind of field each path is (see text-policy.ts), and one problem per offending field.
import { problem } from './errors.js';
import { checkText, lineAt, type TextKind } from './text-policy.js';
import type { TemplateSources } from './templates.js';
import type { Problem } from './types.js';
import type { YamlSource } from './yaml-source.js';

type Path = readonly (string | number)[];
/** The kind of the string at a path; `undefined` leaves it to the schema (e.g. a CSV delimiter, which may be a tab). */
export type Classifier = (path: Path) => TextKind | undefined;

const HEADER = 'header' as const;
const ADDRESS = 'address' as const;
const MULTILINE = 'multiline' as const;
const LINE = 'line' as const;

/** Every string (and every key) of a parsed YAML document checked by the policy, each problem at its line. */
export function yamlTextProblems(source: YamlSource, classify: Classifier, label: (path: (string | number)[]) => string): Problem[] {
  const out: Problem[] = [];
  const report = (path: (string | number)[], value: string, kind: TextKind) => {
    const fault = checkText(value, kind);
    if (fault) out.push(problem(source.file, source.lineOf(path), label(path), fault.message, fault.hint));
  };
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      const kind = classify(path);
      if (kind) report(path, value, kind);
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        report([...path, key], key, LINE);
        walk(item, [...path, key]);
      }
  };
  walk(source.data, []);
  return out;
}

/** A Markdown or Handlebars text: controls refused at the line they are on (`firstLine`: the file line of its start). */
export function bodyTextProblems(text: string, file: string, firstLine: number, field: string | undefined): Problem[] {
  const fault = checkText(text, MULTILINE);
  return fault ? [problem(file, firstLine + lineAt(text, fault.index) - 1, field, fault.message, fault.hint)] : [];
}

/** Roster paths → kinds. */
export const rosterKinds: Classifier = (path) => {
  const [top, , key, sub] = path;
  const last = path[path.length - 1];
  if (top === 'addressees') {
    if (key === 'note') return MULTILINE;
    if (key === 'salutation' || key === 'honorific' || key === 'name' || key === 'title' || key === 'organization') return HEADER;
    if (key === 'postal_address') return sub === 'lines' ? HEADER : ADDRESS;
    return ADDRESS; // id, group, country, language, email
  }
  if (top === 'states') return last === 'note' ? MULTILINE : last === 'name' ? HEADER : ADDRESS;
  if (top === 'title') return HEADER;
  if (top === 'id' || top === 'as_of') return ADDRESS;
  return LINE; // sources, group descriptions
};

const petitionHeaders = new Set(['title', 'subject', 'place']);
const petitionAddresses = new Set(['language', 'date', 'roster', 'to', 'cc', 'append', 'anniversary']);

/** Petition and translation front matter paths → kinds. */
export const petitionKinds: Classifier = (path) => {
  const [top, second] = path;
  const last = path[path.length - 1];
  if (typeof top !== 'string') return LINE;
  if (petitionHeaders.has(top)) return HEADER;
  if (petitionAddresses.has(top)) return ADDRESS;
  if (top === 'petitioner') {
    if (second === 'email' || second === 'reply_to') return ADDRESS;
    if (second === 'name' || second === 'signatory' || second === 'address') return HEADER;
    return LINE; // phone, website
  }
  if (top === 'signatures') {
    if (last === 'delimiter') return undefined; // one character, a tab allowed: the schema checks it
    if (last === 'note') return MULTILINE;
    if (last === 'label' || last === 'source') return HEADER;
    if (last === 'country' || last === 'kind') return ADDRESS;
    return LINE; // paths, column names
  }
  if (top === 'attachments') return last === 'description' ? HEADER : LINE;
  return LINE;
};

/** Every template file (Handlebars, Markdown, HTML, labels.yaml) as a multi-line text: no control character in it. */
export function templateTextProblems(sources: TemplateSources): Problem[] {
  const files = [...Object.values(sources.languages).flatMap((parts) => Object.values(parts)), ...(sources.layout ? [sources.layout] : [])];
  return files.flatMap((file) => (file ? bodyTextProblems(file.text, file.path, 1, undefined) : []));
}
