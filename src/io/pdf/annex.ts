// The signature annex, a separate PDF: the counts, unique signatures by country (table and bar chart), the cumulative
// count by day (line chart), all as vector paths, and optionally the signers' names in three columns. Names are
// streamed onto the pages as they arrive; only the count of those beyond the cap is kept.
import { countryName } from '../../core/fields.js';
import { withoutEmails } from '../../core/signatures/email.js';
import { withCount, type Labels } from '../../core/template-labels.js';
import type { SignatureTally } from '../../core/types.js';
import { Canvas, LINE_SPACING, type RenderOptions } from './canvas.js';
import { loadFaces } from './fonts.js';
import { measure, type Line, type TextStyle } from './layout.js';
import { graphemeClusters } from './segments.js';

export interface AnnexInput {
  title: string;
  language: string;
  /** Every word the annex prints, from templates/<language>/labels.yaml; numbers are written in its locale. */
  labels: Labels;
  tally: SignatureTally;
  /** Signers' names only, never emails. */
  names?: AsyncIterable<string> | Iterable<string> | undefined;
  /** Default 2,000; Infinity for the print archive. */
  namesCap?: number | undefined;
  /** How many names there are in all, when `names` holds only the first ones; the rest are counted as "… and N more". */
  namesTotal?: number | undefined;
  generatedFor: string;
}

/** The names an annex lists when nothing says (`--annex-names` of render and send). */
export const DEFAULT_NAMES_CAP = 2000;
const BAR_COLOR = '#2f5d8a';
const AXIS_COLOR = '#777777';
const MAX_BARS = 20;

export async function renderAnnexPdf(input: AnnexInput, opts: RenderOptions): Promise<{ pages: number }> {
  const faces = await loadFaces(opts.fontsDir);
  const cap = input.namesCap ?? DEFAULT_NAMES_CAP;
  // The names are not in the key: hashing them would mean holding or reading them twice. The tally, cap and title are.
  const contentKey = JSON.stringify({
    annex: { ...input, names: undefined, labels: withoutDistributionLabels(input.labels) },
    cap: String(cap),
    date: opts.creationDate.toISOString(),
    paper: opts.paper ?? 'a4',
    fonts: Object.values(faces).map((f) => f.sha256),
  });
  const canvas = await Canvas.open(faces, { ...opts, title: opts.title ?? input.title }, input.language, contentKey);
  try {
    await drawAnnex(canvas, input);
  } catch (error) {
    await canvas.abandon();
    throw error;
  }
  return canvas.finish();
}

/** The annex from the canvas's current page on (its own PDF, or a print pack's pages). */
export async function drawAnnex(canvas: Canvas, input: AnnexInput): Promise<void> {
  const labels = input.labels;
  const numbers = new Intl.NumberFormat(labels.locale);
  drawSummary(canvas, input, labels, numbers);
  drawCountries(canvas, input, labels, numbers);
  drawTimeline(canvas, input.tally.byDay, labels, numbers);
  if (input.names) await drawNames(canvas, input.names, input.namesCap ?? DEFAULT_NAMES_CAP, labels, numbers, input.language, input.namesTotal);
}

/** The labels less the distribution list's, which the annex never prints: a label added for the letters' list must not
 *  change the bytes of every signature annex. */
function withoutDistributionLabels(labels: Labels): Partial<Labels> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !key.startsWith('distribution_')));
}

/** A section heading, kept on the same page as the first `keepWith` points of what follows it. */
function heading(canvas: Canvas, text: string, keepWith = 60, size = 12.5): void {
  const lines = canvas.layout([{ text, style: { size, bold: true } }]);
  canvas.ensureSpace(lines.reduce((h, l) => h + Canvas.lineHeight(l), 0) + 10 + keepWith);
  canvas.y += 6;
  canvas.flow(lines);
  canvas.y += 4;
}

/** A table row: a label on the left, values right-aligned in columns ending at the given x positions. */
function row(canvas: Canvas, cells: readonly [string, ...string[]], columnEnds: readonly number[], style: TextStyle, labelWidth: number): void {
  const [label, ...values] = cells;
  const lines = canvas.layout([{ text: label, style }], labelWidth);
  const height = lines.reduce((h, l) => h + Canvas.lineHeight(l), 0);
  canvas.ensureSpace(height);
  const first = lines[0];
  const baseline = canvas.y + (first?.ascent ?? style.size) * LINE_SPACING;
  canvas.flow(lines); // the label first, so copied text reads "label value"
  values.forEach((value, i) => canvas.label(value, columnEnds[i] ?? canvas.right, baseline, style, 'right'));
}

function drawSummary(canvas: Canvas, input: AnnexInput, labels: Labels, numbers: Intl.NumberFormat): void {
  const t = input.tally;
  canvas.paragraph([{ text: input.title, style: { size: 15, bold: true } }], { after: 2 });
  canvas.paragraph([{ text: `${labels.annex_prepared_for}: ${input.generatedFor}`, style: { size: 9.5, color: '#444444' } }], { after: 8 });
  heading(canvas, labels.annex_summary);
  const style: TextStyle = { size: 10 };
  const end = [canvas.left + 360];
  const rows: [string, number][] = [
    [labels.annex_rows, t.rows],
    [labels.annex_unique, t.unique],
    [labels.annex_invalid, t.invalid],
    [labels.annex_duplicates, t.duplicates],
    [labels.annex_declared, t.declaredTotal],
  ];
  for (const [label, value] of rows) row(canvas, [label, numbers.format(value)], end, style, 280);
  rule(canvas, canvas.left, canvas.left + 360);
  row(canvas, [labels.annex_total, numbers.format(t.total)], end, { size: 10, bold: true }, 280);
  row(canvas, [labels.annex_countries, numbers.format(t.countries)], end, style, 280);
}

function rule(canvas: Canvas, from: number, to: number): void {
  canvas.doc
    .save()
    .lineWidth(0.5)
    .strokeColor(AXIS_COLOR)
    .moveTo(from, canvas.y + 1)
    .lineTo(to, canvas.y + 1)
    .stroke()
    .restore();
  canvas.y += 3;
}

function countryLabel(code: string, language: string, labels: Labels): string {
  return code === 'ZZ' || code === '' ? labels.annex_not_stated : countryName(code, language);
}

function drawCountries(canvas: Canvas, input: AnnexInput, labels: Labels, numbers: Intl.NumberFormat): void {
  const entries = Object.entries(input.tally.byCountry)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) return;
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const percent = new Intl.NumberFormat(input.labels.locale, { style: 'percent', maximumFractionDigits: 1 });
  const named = entries.map(([code, n]) => ({ name: countryLabel(code, input.language, labels), n }));

  heading(canvas, labels.annex_by_country);
  const head: TextStyle = { size: 9.5, bold: true };
  const style: TextStyle = { size: 9.5 };
  const ends = [canvas.left + 330, canvas.left + 400];
  row(canvas, [labels.annex_country, labels.annex_signatures, labels.annex_share], ends, head, 250);
  rule(canvas, canvas.left, canvas.left + 400);
  for (const { name, n } of named) row(canvas, [name, numbers.format(n), percent.format(n / total)], ends, style, 250);

  // Horizontal bars for the largest countries; the rest share one bar.
  const bars = named.slice(0, MAX_BARS);
  const rest = named.slice(MAX_BARS);
  if (rest.length > 0) bars.push({ name: withCount(labels.annex_other_countries, numbers.format(rest.length)), n: rest.reduce((s, c) => s + c.n, 0) });
  canvas.y += 10;
  const barHeight = 9;
  const gap = 5;
  const labelWidth = 150;
  const chartLeft = canvas.left + labelWidth + 8;
  const chartWidth = canvas.width - labelWidth - 60;
  const max = Math.max(...bars.map((b) => b.n));
  for (const bar of bars) {
    canvas.ensureSpace(barHeight + gap);
    const label = fit(canvas, bar.name, labelWidth, style);
    canvas.drawLine(label, canvas.left + labelWidth - label.width, canvas.y + barHeight - 1);
    const width = Math.max(0.5, (bar.n / max) * chartWidth);
    canvas.doc.save().rect(chartLeft, canvas.y, width, barHeight).fill(BAR_COLOR).restore();
    canvas.label(numbers.format(bar.n), chartLeft + width + 4, canvas.y + barHeight - 1, { size: 8.5 });
    canvas.y += barHeight + gap;
  }
}

function drawTimeline(canvas: Canvas, byDay: Record<string, number>, labels: Labels, numbers: Intl.NumberFormat): void {
  const days = Object.keys(byDay)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  if (!firstDay || !lastDay) return;
  const height = 150;
  heading(canvas, labels.annex_by_day, height + 30);
  canvas.ensureSpace(height + 30);
  const left = canvas.left + 50;
  const right = canvas.right - 10;
  const top = canvas.y + 6;
  const bottom = top + height;
  const start = Date.parse(firstDay);
  const span = Math.max(1, Date.parse(lastDay) - start);
  let cumulative = 0;
  const points = days.map((d) => {
    cumulative += byDay[d] ?? 0;
    return { x: left + ((Date.parse(d) - start) / span) * (right - left), total: cumulative };
  });
  const max = Math.max(1, cumulative);
  const doc = canvas.doc;
  doc.save().lineWidth(0.6).strokeColor(AXIS_COLOR).moveTo(left, top).lineTo(left, bottom).lineTo(right, bottom).stroke().restore();
  const axis: TextStyle = { size: 8, color: '#444444' };
  canvas.label(numbers.format(max), left - 4, top + 4, axis, 'right');
  canvas.label(numbers.format(0), left - 4, bottom, axis, 'right');
  canvas.label(inDigitsOf(numbers, firstDay), left, bottom + 11, axis, 'left');
  if (lastDay !== firstDay) canvas.label(inDigitsOf(numbers, lastDay), right, bottom + 11, axis, 'right');
  doc.save().lineWidth(1.4).strokeColor(BAR_COLOR);
  points.forEach((p, i) => {
    const y = bottom - (p.total / max) * height;
    if (i === 0) doc.moveTo(p.x, y);
    else doc.lineTo(p.x, y);
  });
  if (points.length === 1) doc.circle(left, bottom - height, 2).fill(BAR_COLOR);
  else doc.stroke();
  doc.restore();
  canvas.y = bottom + 22;
}

/** A date's digits as the locale writes digits: ២០១៧-១០-២៣ in a Khmer annex, 2017-10-23 in others. */
function inDigitsOf(numbers: Intl.NumberFormat, date: string): string {
  return date.replace(/[0-9]/g, (digit) => numbers.format(Number(digit)));
}

async function drawNames(
  canvas: Canvas,
  names: AsyncIterable<string> | Iterable<string>,
  cap: number,
  labels: Labels,
  numbers: Intl.NumberFormat,
  language: string,
  total: number | undefined,
): Promise<void> {
  canvas.newPage();
  heading(canvas, labels.annex_signers);
  const columns = 3;
  const gutter = 12;
  const columnWidth = (canvas.width - gutter * (columns - 1)) / columns;
  const style: TextStyle = { size: 8.5 };
  const rowHeight = 11.5;
  let column = 0;
  let top = canvas.y;
  let printed = 0;
  let beyond = 0;
  /** Draws one entry in the next slot: down the column, then the next column, then a new page. */
  const place = (line: Line) => {
    if (canvas.y + rowHeight > canvas.bottom) {
      column += 1;
      if (column === columns) {
        canvas.newPage();
        column = 0;
        top = canvas.y;
      }
      canvas.y = top;
    }
    canvas.drawLine(line, canvas.left + column * (columnWidth + gutter), canvas.y + rowHeight - 3, language);
    canvas.y += rowHeight;
  };
  for await (const raw of names) {
    if (printed >= cap) {
      beyond += 1;
      continue;
    }
    // Never print an email, even one typed into the name field.
    const name = withoutEmails(raw, '…').replace(/\s+/g, ' ').trim();
    if (!name) continue;
    place(fit(canvas, name, columnWidth, style));
    printed += 1;
  }
  if (total !== undefined) beyond = Math.max(beyond, total - printed);
  if (beyond > 0) place(fit(canvas, withCount(labels.annex_and_more, numbers.format(beyond)), columnWidth, { size: 8.5, italic: true }));
}

/** More characters than a column can show: of a longer name only the start is measured, as the rest is cut anyway. */
const MAX_FITTED_CLUSTERS = 120;

/** One line of `text`, shortened with "…" to fit `width`, cut between clusters (never inside one). */
function fit(canvas: Canvas, text: string, width: number, style: TextStyle): Line {
  const clusters: string[] = [];
  for (const { segment } of graphemeClusters(text)) {
    clusters.push(segment);
    if (clusters.length > MAX_FITTED_CLUSTERS) break;
  }
  if (clusters.length <= MAX_FITTED_CLUSTERS) {
    const [line] = canvas.layout([{ text, style }], Number.POSITIVE_INFINITY);
    if (line && line.width <= width) return line;
  }
  const ellipsis = measure(canvas.faces.latin, '…', style.size);
  let kept = '';
  for (const segment of clusters.slice(0, MAX_FITTED_CLUSTERS)) {
    const [candidate] = canvas.layout([{ text: kept + segment, style }], Number.POSITIVE_INFINITY);
    if (candidate && candidate.width + ellipsis > width) break;
    kept += segment;
  }
  const [shortened] = canvas.layout([{ text: `${kept.trimEnd()}…`, style }], Number.POSITIVE_INFINITY);
  return shortened ?? { pieces: [], width: 0, text: '', ascent: 0, descent: 0 };
}
