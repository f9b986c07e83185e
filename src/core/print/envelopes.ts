// Where the address goes on the sheet so that it shows through an envelope's window, in millimetres from the sheet's
// top left corner. A4 follows DIN 5008 form B, whose address field the DIN 680 / ISO 269 window envelopes (DL, C5, C4)
// are made to show: the field is 20–105 mm from the left and 45–90 mm from the top; a DL window (90 × 45 mm, 20 mm from
// the left and 15 mm from the bottom of the 110 mm envelope) shows 50–95 mm of a sheet at the envelope's top and 45–90 mm
// of one slid 5 mm down, so the address keeps to 50–90 mm, and 5 mm in from the field's sides. The return line sits in
// the 5 mm above it. US Letter goes into a #10 window envelope (window 4½ × 1⅛ in, ⅞ in from the left and ½ in from the
// bottom), folded in three: a sheet resting on the envelope's bottom shows about 2.04–3.17 in from its top, so the
// address keeps to 2.06–3.16 in, at 8 pt for seven lines to fit.

export type Paper = 'a4' | 'letter';
export type EnvelopeName = 'dl' | 'c5' | 'c4' | 'us10';

export interface Zone {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Envelope {
  name: EnvelopeName;
  paper: Paper;
  /** The address lines, and nothing else, go here. */
  address: Zone;
  /** The sender's return line, small, just above the address. */
  returnLine: Zone;
  /** Where the letter's text starts, below the window. */
  bodyTop: number;
  /** Folds from the top (mm): a short mark is printed at the left edge for each. */
  folds: number[];
  /** Point size of the address lines: seven lines, set solid, fit the window's height. */
  addressSize: number;
}

/** The first address line starts this far (mm) below the zone's top: a glyph's box may reach a little above it. */
export const ADDRESS_INSET_MM = 0.5;

const INCH = 25.4;

const dinFormB = (name: EnvelopeName, folds: number[]): Envelope => ({
  name,
  paper: 'a4',
  address: { x: 25, y: 50, width: 75, height: 40 },
  returnLine: { x: 25, y: 45, width: 75, height: 5 },
  bodyTop: 98,
  folds,
  addressSize: 10,
});

export const ENVELOPES: Readonly<Record<EnvelopeName, Envelope>> = {
  // DL takes the sheet folded in three (DIN 5008 fold marks at 105 and 210 mm), C5 folded once, C4 flat.
  dl: dinFormB('dl', [105, 210]),
  c5: dinFormB('c5', []),
  c4: dinFormB('c4', []),
  us10: {
    name: 'us10',
    paper: 'letter',
    address: { x: 0.75 * INCH, y: 2.0625 * INCH, width: 3.75 * INCH, height: 1.1 * INCH },
    returnLine: { x: 0.75 * INCH, y: 1.875 * INCH, width: 3.75 * INCH, height: 0.1875 * INCH },
    bodyTop: 3.5 * INCH,
    folds: [(11 * INCH) / 3, (22 * INCH) / 3],
    addressSize: 8,
  },
};

/** Sheet sizes in millimetres, as pdfkit sets them. */
export const PAPER_SIZES: Readonly<Record<Paper, { width: number; height: number }>> = {
  a4: { width: 210, height: 297 },
  letter: { width: 8.5 * INCH, height: 11 * INCH },
};

/** The envelope of a run: given, or the usual one of the paper; a pairing that cannot work is a message. */
export function envelopeFor(paper: Paper, name: EnvelopeName | undefined): { ok: true; envelope: Envelope } | { ok: false; message: string } {
  const chosen = name ?? (paper === 'letter' ? 'us10' : 'dl');
  const envelope = ENVELOPES[chosen];
  if (envelope.paper !== paper)
    return { ok: false, message: `a ${chosen.toUpperCase()} envelope takes ${envelope.paper === 'a4' ? 'A4' : 'US Letter'} paper, not ${paper === 'a4' ? 'A4' : 'US Letter'}` };
  return { ok: true, envelope };
}

/** How many lines an address on the envelope has, in all: name, title, organisation, postal lines, country. */
export const ADDRESS_LINES = { min: 3, max: 7 } as const;
/** Defaults of `petition print`: the printer's unprintable edge, and the pages an envelope may hold. */
export const PRINT_DEFAULTS = { marginMm: 5, maxPages: 10 } as const;

export const mmToPt = (mm: number): number => (mm * 72) / INCH;
export const ptToMm = (pt: number): number => (pt * INCH) / 72;
