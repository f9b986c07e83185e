// The top of a print letter laid out for a window envelope: the sender's return line, small, just above the window;
// the address block inside the window zone (core/print/envelopes.ts); fold marks at the left edge; the letter's
// text from below the window. Address lines are never wrapped: one too wide is refused before printing.
import { ADDRESS_INSET_MM, mmToPt, type Envelope, type Zone } from '../../core/print/envelopes.js';
import type { Canvas } from './canvas.js';
import type { Line, TextStyle } from './layout.js';

/** How the address lines are set in this envelope's window. */
export const addressStyle = (envelope: Envelope): TextStyle => ({ size: envelope.addressSize });
const RETURN_STYLE: TextStyle = { size: 7, color: '#333333' };
/** The smallest return line we shrink to before letting the check refuse it. */
const RETURN_MIN_SIZE = 5;
const FOLD_MARK_MM = 5;

export interface WindowPlacement {
  envelope: Envelope;
  returnLine: string;
  addressLines: readonly string[];
  /** The printer's unprintable edge in mm: fold marks start inside it. */
  marginMm: number;
}

/** The window zone's box in points. */
export const zonePt = (zone: Zone): Zone => ({ x: mmToPt(zone.x), y: mmToPt(zone.y), width: mmToPt(zone.width), height: mmToPt(zone.height) });

/** Draws return line, address and fold marks on the current page, then moves the cursor below the window. */
export function drawWindow(canvas: Canvas, placement: WindowPlacement, language: string): void {
  const { envelope } = placement;
  drawReturnLine(canvas, placement.returnLine, zonePt(envelope.returnLine), language);
  const address = zonePt(envelope.address);
  let y = address.y + mmToPt(ADDRESS_INSET_MM);
  for (const text of placement.addressLines) {
    const [line] = canvas.layout([{ text, style: addressStyle(envelope) }], Number.POSITIVE_INFINITY);
    if (!line) continue;
    canvas.drawLine(line, address.x, y + line.ascent, language);
    y += lineStep(line);
  }
  drawFoldMarks(canvas, envelope.folds, placement.marginMm);
  canvas.y = Math.max(canvas.y, mmToPt(envelope.bodyTop));
}

/** Address lines are set solid (no extra leading): seven of them fit the window (see Envelope.addressSize). */
export const lineStep = (line: Line): number => line.ascent + line.descent;

function drawReturnLine(canvas: Canvas, text: string, zone: Zone, language: string): void {
  let line: Line | undefined;
  for (let size = RETURN_STYLE.size; size >= RETURN_MIN_SIZE; size -= 0.5) {
    [line] = canvas.layout([{ text, style: { ...RETURN_STYLE, size } }], Number.POSITIVE_INFINITY);
    if (line && line.width <= zone.width) break;
  }
  if (!line) return;
  // Baseline near the zone's foot: the descenders stay inside it, and a rule under it separates it from the address.
  const baseline = zone.y + zone.height - line.descent - 1;
  canvas.drawLine(line, zone.x, baseline, language);
  canvas.doc
    .save()
    .lineWidth(0.3)
    .strokeColor('#777777')
    .moveTo(zone.x, baseline + line.descent + 0.5)
    .lineTo(zone.x + Math.min(line.width, zone.width), baseline + line.descent + 0.5)
    .stroke()
    .restore();
}

function drawFoldMarks(canvas: Canvas, folds: readonly number[], marginMm: number): void {
  const from = mmToPt(marginMm);
  for (const fold of folds) {
    const y = mmToPt(fold);
    canvas.doc
      .save()
      .lineWidth(0.4)
      .strokeColor('#555555')
      .moveTo(from, y)
      .lineTo(from + mmToPt(FOLD_MARK_MM), y)
      .stroke()
      .restore();
  }
}
