// The review site's stylesheet. Fonts come as data: URLs inside it: Chromium refuses @font-face files from file://
// pages, and the site must show Khmer with the font the PDFs use, whatever the reader's machine has.

export interface EmbeddedFont {
  family: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
  /** The TrueType file, base64. */
  base64: string;
  unicodeRange?: string | undefined;
}

export const SERIF_FAMILY = 'Review Serif';
export const KHMER_FAMILY = 'Review Khmer';
/** Khmer, Khmer symbols, and the joiners and dotted circle Khmer text uses. */
export const KHMER_RANGE = 'U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC';

const fontFace = (f: EmbeddedFont): string =>
  `@font-face { font-family: "${f.family}"; font-weight: ${f.weight}; font-style: ${f.style}; font-display: block; src: url(data:font/ttf;base64,${f.base64}) format("truetype");${f.unicodeRange ? ` unicode-range: ${f.unicodeRange};` : ''} }`;

const RULES = `
body { font-family: "${SERIF_FAMILY}", "${KHMER_FAMILY}", serif; margin: 1rem 2rem; color: #1a1a1a; background: #fdfdfb; }
:lang(km) { font-family: "${KHMER_FAMILY}", "${SERIF_FAMILY}", serif; line-height: 1.9; }
nav { display: flex; gap: 1.5rem; margin-bottom: .5rem; }
nav .none { color: #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
tr[hidden] { display: none; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; align-items: center; }
.state { padding: 0 .4rem; border-radius: .3rem; }
.state.approved { background: #d7f0d7; }
.state.pending { background: #eee; }
.state.changed { background: #ffe2b8; }
.warnings { background: #fff1a8; padding: 0 .4rem; }
.problems .error { color: #a00; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 700; }
pre { white-space: pre-wrap; background: #f4f4f0; padding: .8rem; border: 1px solid #ddd; }
pre.text, pre.diff { font-family: inherit; }
ins { background: #cdeccd; text-decoration: underline; }
del { background: #f6cccc; }
iframe.html { width: 100%; height: 32rem; border: 1px solid #ccc; background: #fff; }
iframe.pdf { width: 100%; height: 48rem; border: 1px solid #ccc; }
`;

export const siteCss = (fonts: readonly EmbeddedFont[]): string => `${fonts.map(fontFace).join('\n')}\n${RULES}`;
