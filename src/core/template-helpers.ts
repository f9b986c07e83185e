import type Handlebars from 'handlebars';
import { countryName } from './fields.js';

/** How a helper may be called: its argument counts, and whether it opens a block ({{#if}}) or prints ({{number}}). */
export interface HelperShape {
  min: number;
  max: number;
  block: boolean;
}

/** The only helpers a template may call; anything else is refused when the template is compiled. */
export const helperShapes: ReadonlyMap<string, HelperShape> = new Map([
  ['if', { min: 1, max: 1, block: true }],
  ['unless', { min: 1, max: 1, block: true }],
  ['each', { min: 1, max: 1, block: true }],
  ['with', { min: 1, max: 1, block: true }],
  ['lookup', { min: 2, max: 2, block: false }],
  ['number', { min: 1, max: 1, block: false }],
  ['date', { min: 1, max: 1, block: false }],
  ['day', { min: 1, max: 1, block: false }],
  ['month', { min: 1, max: 1, block: false }],
  ['year', { min: 1, max: 1, block: false }],
  ['plural', { min: 3, max: 3, block: false }],
  ['country', { min: 1, max: 1, block: false }],
  ['join', { min: 1, max: 2, block: false }],
]);

interface HelperOptions {
  name?: string;
  loc?: { start: { line: number; column: number } };
}

/** A helper's refusal of its argument, with the statement it happened in so the problem can name the field. */
export class HelperError extends Error {
  constructor(
    message: string,
    readonly helper: string,
    readonly loc: { line: number; column: number } | undefined,
  ) {
    super(message);
    this.name = 'HelperError';
  }
}

const fail = (options: HelperOptions, helper: string, message: string): never => {
  throw new HelperError(message, options.name ?? helper, options.loc?.start);
};

/** Helper arguments are looked up leniently by Handlebars even in strict mode, so each helper refuses a missing one. */
const need = (value: unknown, options: HelperOptions, helper: string): void => {
  if (value === undefined || value === null || value === '') fail(options, helper, 'no such field for this letter');
};

export function registerHelpers(env: typeof Handlebars, locale: string, language: string): void {
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const plurals = new Intl.PluralRules(locale);
  const dateOf = (value: unknown, options: HelperOptions, helper: string): Date => {
    need(value, options, helper);
    const d = new Date(`${String(value)}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) fail(options, helper, `"${String(value)}" is not a date`);
    return d;
  };
  env.registerHelper('number', (value: unknown, options: HelperOptions) => {
    need(value, options, 'number');
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(options, 'number', `"${String(value)}" is not a number`);
    return numbers.format(value as number);
  });
  env.registerHelper('date', (value: unknown, options: HelperOptions) => dates.format(dateOf(value, options, 'date')));
  // Parts of a date, for languages whose date line is built from words around the numbers (Khmer: ថ្ងៃទី… ខែ… ឆ្នាំ…).
  const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  for (const part of ['day', 'month', 'year'] as const)
    env.registerHelper(part, (value: unknown, options: HelperOptions) => parts.formatToParts(dateOf(value, options, part)).find((p) => p.type === part)?.value ?? '');
  env.registerHelper('plural', (count: unknown, one: unknown, other: unknown, options: HelperOptions) => {
    need(count, options, 'plural');
    return plurals.select(Number(count)) === 'one' ? one : other;
  });
  env.registerHelper('country', (code: unknown, options: HelperOptions) => {
    need(code, options, 'country');
    if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) fail(options, 'country', `"${String(code)}" is not a country code`);
    return countryName(code as string, language);
  });
  env.registerHelper('join', (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''));
  // Handlebars' own lookup renders a blank for a key that is not there; ours, like strict mode, refuses it, and it only
  // sees the value's own fields, never what JavaScript puts on every object.
  env.registerHelper('lookup', (value: unknown, key: unknown, options: HelperOptions) => {
    const found = typeof value === 'object' && value !== null && (typeof key === 'string' || typeof key === 'number') && Object.hasOwn(value, key);
    if (!found) fail(options, 'lookup', `no field "${String(key)}" for this letter`);
    return (value as Record<string, unknown>)[key as string];
  });
}
