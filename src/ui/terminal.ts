import { Chalk, type ChalkInstance } from 'chalk';
import { formatProblem } from '../core/errors.js';
import type { Problem } from '../core/types.js';
import { escapeTerminal } from './escape.js';
import { writeJson } from './json-out.js';

/** Where a command writes. Colour only on a TTY, never with --json, NO_COLOR or --no-color. */
export interface Terminal {
  out(text: string): void;
  /** A --json output on stdout (ui/json-out.ts). */
  json(value: unknown): void;
  err(text: string): void;
  color: boolean;
  isTTY: boolean;
  paint: ChalkInstance;
}

export function createTerminal(options: { color?: boolean | undefined; json?: boolean | undefined; env?: NodeJS.ProcessEnv } = {}): Terminal {
  const env = options.env ?? process.env;
  const isTTY = Boolean(process.stdout.isTTY);
  const color = options.json ? false : (options.color ?? (isTTY && env.NO_COLOR === undefined && env.CI === undefined));
  // Everything written is escaped here, so no user text reaches the terminal raw, whoever formatted it.
  const line = (text: string) => escapeTerminal(text.endsWith('\n') ? text : `${text}\n`, { keepStyles: color });
  const out = (text: string) => void process.stdout.write(line(text));
  return {
    out,
    json: (value) => writeJson(out, value),
    err: (text) => void process.stderr.write(line(text)),
    color,
    isTTY,
    paint: new Chalk({ level: color ? 1 : 0 }),
  };
}

/** Problems one per line, errors first, on stderr. */
export function printProblems(term: Terminal, problems: readonly Problem[]): void {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const p of sorted) {
    const line = formatProblem(p);
    term.err(p.severity === 'error' ? term.paint.red(`error: ${line}`) : term.paint.yellow(`warning: ${line}`));
  }
}

export interface TableOptions {
  /** The first row is a header (bold with `paint`). */
  header?: boolean | undefined;
  paint?: ChalkInstance | undefined;
  /** Columns whose cells are aligned right (numbers). */
  alignRight?: readonly number[] | undefined;
  /** Put before every line. */
  indent?: string | undefined;
  /** Styles a cell once it is padded: a status in its colour. Measuring never sees the style. */
  style?: ((row: readonly string[], cell: string, column: number) => string) | undefined;
}

/** The one table printer: columns padded by display width, so Khmer and accents line up. */
export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths: number[] = [];
  // Cells escaped before they are measured, so that a cell holding a control still lines up once written.
  const cells = rows.map((row) => row.map((cell) => escapeTerminal(cell)));
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const pad = (cell: string, i: number, last: boolean): string => {
    const room = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
    return options.alignRight?.includes(i) ? room + cell : last ? cell : cell + room;
  };
  return cells
    .map((row, r) => {
      const isHeader = r === 0 && options.header === true;
      const padded = row.map((cell, i) => pad(cell, i, i === row.length - 1));
      const styled = options.style && !isHeader ? padded.map((cell, i) => options.style!(rows[r] ?? [], cell, i)) : padded;
      const line = `${options.indent ?? ''}${styled.join('  ')}`.trimEnd();
      return isHeader && options.paint ? options.paint.bold(line) : line;
    })
    .join('\n');
}

/** Terminal columns a string takes, as terminals count them (wcwidth): combining marks — accents, Khmer vowel signs
 *  and the coeng — take none, East Asian wide characters two, everything else one. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.normalize('NFC')) {
    if (/[\p{M}\u200b-\u200d]/u.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
