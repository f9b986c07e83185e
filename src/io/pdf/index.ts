// PDF adapter: letters and signature annexes typeset with HarfBuzz shaping (Khmer, Vietnamese, French, Latin).
export { renderLetterPdf } from './letter.js';
export { renderAnnexPdf, type AnnexInput } from './annex.js';
export type { RenderOptions } from './canvas.js';
export { PdfInputError } from './errors.js';
export { createPdfRenderer, type PdfRenderer } from './pool.js';
