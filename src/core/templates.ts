import Handlebars from 'handlebars';
import { problem } from './errors.js';
import { countryName } from './fields.js';
import type { LanguageCode, Problem } from './types.js';
import { parseYaml } from './yaml-source.js';

/** The parts every language must provide, as `templates/<lang>/<part>.hbs`. */
export const templateParts = ['subject', 'dateline', 'salutation', 'copy-notice', 'count', 'closing', 'letter.md'] as const;
export type TemplatePart = (typeof templateParts)[number];

export const labelKeys = ['locale', 'to', 'cc', 'copy', 'page', 'annex_title'] as const;
export type Labels = Record<(typeof labelKeys)[number], string>;

export interface TemplateFile {
  path: string; // shown in problems
  text: string;
}

export interface TemplateSources {
  /** language → part → file */
  languages: Record<LanguageCode, Partial<Record<TemplatePart, TemplateFile>> & { labels?: TemplateFile }>;
  layout?: TemplateFile;
}

type Render = (context: object) => string;

export interface LanguageTemplates {
  language: LanguageCode;
  labels: Labels;
  parts: Record<TemplatePart, { file: TemplateFile; render: Render }>;
  env: typeof Handlebars;
}

export interface TemplateSet {
  languages: Map<LanguageCode, LanguageTemplates>;
  layout: { file: TemplateFile; render: Render };
}

/** A merge failure with the template, line and field it happened at. */
export class MergeError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'MergeError';
  }
}

export function compileTemplates(sources: TemplateSources): { value?: TemplateSet; problems: Problem[] } {
  const problems: Problem[] = [];
  const languages = new Map<LanguageCode, LanguageTemplates>();
  for (const [language, files] of Object.entries(sources.languages)) {
    const labels = readLabels(files.labels, language, problems);
    const env = Handlebars.create();
    registerHelpers(env, labels?.locale ?? language, language);
    const parts: Partial<LanguageTemplates['parts']> = {};
    for (const part of templateParts) {
      const file = files[part];
      if (!file) {
        problems.push(problem(`templates/${language}/${part}.hbs`, undefined, undefined, 'template is missing', `every language needs ${templateParts.map((p) => `${p}.hbs`).join(', ')}`));
        continue;
      }
      const render = compileOne(env, file, { noEscape: true }, problems);
      if (render) parts[part] = { file, render };
    }
    if (labels && templateParts.every((p) => parts[p])) languages.set(language, { language, labels, parts: parts as LanguageTemplates['parts'], env });
  }
  let layout: TemplateSet['layout'] | undefined;
  if (!sources.layout) problems.push(problem('templates/layout.html.hbs', undefined, undefined, 'HTML layout is missing'));
  else {
    const env = Handlebars.create();
    const render = compileOne(env, sources.layout, { noEscape: false }, problems);
    if (render) layout = { file: sources.layout, render };
  }
  return { value: layout ? { languages, layout } : undefined, problems };
}

/** Compiles a text (e.g. a petition body) with the helpers of a language, for merging. */
export function compileText(templates: LanguageTemplates, file: TemplateFile, lineOffset: number, problems: Problem[]): Render | undefined {
  return compileOne(templates.env, file, { noEscape: true }, problems, lineOffset);
}

function compileOne(env: typeof Handlebars, file: TemplateFile, options: { noEscape: boolean }, problems: Problem[], lineOffset = 0): Render | undefined {
  let template: HandlebarsTemplateDelegate;
  try {
    // strict: a field that is not there throws instead of rendering blank.
    template = env.compile(file.text, { strict: true, noEscape: options.noEscape, preventIndent: true });
    template({}); // force the parse now so syntax errors surface at compile time, not per letter
  } catch (err) {
    const e = err as Error;
    if (/^Parse error|Expecting|doesn't match|lexical error/i.test(e.message)) {
      const line = /on line (\d+)/.exec(e.message)?.[1];
      problems.push(problem(file.path, line ? Number(line) + lineOffset : undefined, undefined, `template syntax: ${e.message.split('\n').pop()}`, 'check {{ }} pairs and block helpers'));
      return undefined;
    }
    // A missing field in the empty trial context is expected; real merges report it with the real context.
  }
  return (context: object) => {
    try {
      return template(context);
    } catch (err) {
      throw new MergeError(toProblem(err as Error, file, lineOffset));
    }
  };
}

function toProblem(e: Error & { lineNumber?: number; column?: number }, file: TemplateFile, lineOffset: number): Problem {
  const m = /^"(.+)" not defined in .* - (\d+):(\d+)$/.exec(e.message);
  const line = m ? Number(m[2]) : e.lineNumber;
  const column = m ? Number(m[3]) : e.column;
  const expression = line !== undefined && column !== undefined ? expressionAt(file.text, line, column) : undefined;
  const field = expression?.field ?? m?.[1];
  const message = m ? 'no such field for this letter' : e.message;
  return {
    ...problem(file.path, line !== undefined ? line + lineOffset : undefined, field, message, m ? 'add the field to the petition or roster, or guard it with {{#if …}}' : undefined),
    column: expression ? expression.start + 1 : column,
  };
}

function expressionAt(text: string, line: number, column: number): { start: number; field: string } | undefined {
  const lineText = text.split(/\r?\n/)[line - 1] ?? '';
  // Strict-mode errors point just past the braces, helper errors at them: take the nearest opening at or before.
  const start = lineText.lastIndexOf('{{', column);
  const m = start >= 0 ? /^\{\{[{#^/&>]?\s*([^\s}]+)(?:\s+([^\s}]+))?/.exec(lineText.slice(start)) : null;
  if (!m?.[1]) return undefined;
  // For a helper call such as {{number signatures.total}} the field is the argument, not the helper.
  const field = m[2] && !m[2].startsWith('"') ? m[2] : m[1];
  return { start, field };
}

function readLabels(file: TemplateFile | undefined, language: string, problems: Problem[]): Labels | undefined {
  if (!file) {
    problems.push(problem(`templates/${language}/labels.yaml`, undefined, undefined, 'labels file is missing', `needs ${labelKeys.join(', ')}`));
    return undefined;
  }
  const parsed = parseYaml(file.text, file.path);
  problems.push(...parsed.problems);
  const data = parsed.source?.data as Record<string, unknown> | undefined;
  if (!data) return undefined;
  let ok = true;
  for (const key of labelKeys) {
    if (typeof data[key] !== 'string' || data[key] === '') {
      problems.push(problem(file.path, parsed.source?.lineOf([key]), key, 'is missing or empty', `every labels.yaml needs ${labelKeys.join(', ')}`));
      ok = false;
    }
  }
  if (ok) {
    try {
      new Intl.NumberFormat(data.locale as string);
    } catch {
      problems.push(problem(file.path, parsed.source?.lineOf(['locale']), 'locale', `"${String(data.locale)}" is not a locale`, 'e.g. en-GB, fr-FR, km-KH-u-nu-khmr'));
      ok = false;
    }
  }
  return ok ? (data as Labels) : undefined;
}

type HelperOptions = { name?: string; loc?: { start: { line: number; column: number } } };

/** Helpers refuse undefined arguments: Handlebars' strict mode does not check helper parameters. */
function registerHelpers(env: typeof Handlebars, locale: string, language: string): void {
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const plurals = new Intl.PluralRules(locale);
  const need = (value: unknown, options: HelperOptions, what: string): void => {
    if (value === undefined || value === null || value === '') {
      const where = options.loc ? ` - ${options.loc.start.line}:${options.loc.start.column}` : '';
      throw new Error(`"${options.name ?? what}" not defined in helper argument${where}`.replace(' in helper argument', ' in [helper]'));
    }
  };
  env.registerHelper('number', (value: unknown, options: HelperOptions) => {
    need(value, options, 'number');
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`number: "${String(value)}" is not a number`);
    return numbers.format(value);
  });
  env.registerHelper('date', (value: unknown, options: HelperOptions) => {
    need(value, options, 'date');
    const d = new Date(`${String(value)}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) throw new Error(`date: "${String(value)}" is not a date`);
    return dates.format(d);
  });
  // Parts of a date, for languages whose date line is built from words around the numbers (Khmer: ថ្ងៃទី… ខែ… ឆ្នាំ…).
  for (const part of ['day', 'month', 'year'] as const) {
    const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    env.registerHelper(part, (value: unknown, options: HelperOptions) => {
      need(value, options, part);
      const d = new Date(`${String(value)}T00:00:00Z`);
      if (Number.isNaN(d.getTime())) throw new Error(`${part}: "${String(value)}" is not a date`);
      return format.formatToParts(d).find((p) => p.type === part)?.value ?? '';
    });
  }
  env.registerHelper('plural', (count: unknown, one: unknown, other: unknown, options: HelperOptions) => {
    need(count, options, 'plural');
    return plurals.select(Number(count)) === 'one' ? one : other;
  });
  env.registerHelper('country', (code: unknown, options: HelperOptions) => {
    need(code, options, 'country');
    return countryName(String(code), language);
  });
  env.registerHelper('join', (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''));
}
