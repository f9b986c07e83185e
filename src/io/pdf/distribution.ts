// The distribution annex, a separate PDF once per petition: every addressee of the letters' To and Cc lists, one per
// line, for a petition whose letters name their largest groups instead (core/distribution.ts).
import type { DistributionAnnex } from '../../core/distribution.js';
import { Canvas, type RenderOptions } from './canvas.js';
import { loadFaces } from './fonts.js';
import type { TextStyle } from './layout.js';

const NAME: TextStyle = { size: 9 };

export async function renderDistributionPdf(input: DistributionAnnex, opts: RenderOptions): Promise<{ pages: number }> {
  const faces = await loadFaces(opts.fontsDir);
  const contentKey = JSON.stringify({
    distribution: input,
    date: opts.creationDate.toISOString(),
    paper: opts.paper ?? 'a4',
    fonts: Object.values(faces).map((f) => f.sha256),
  });
  const canvas = await Canvas.open(faces, { ...opts, title: opts.title ?? input.title }, input.language, contentKey);
  try {
    const language = input.language;
    canvas.paragraph([{ text: input.labels.title, style: { size: 15, bold: true } }], { language, after: 2 });
    canvas.paragraph([{ text: input.title, style: { size: 9.5, color: '#444444' } }], { language, after: 8 });
    list(canvas, input.labels.to, input.to, language);
    list(canvas, input.labels.cc, input.cc, language);
  } catch (error) {
    await canvas.abandon();
    throw error;
  }
  return canvas.finish();
}

/** A heading kept with the first names, then one paragraph per name (a long one wraps). */
function list(canvas: Canvas, label: string, names: readonly string[], language: string): void {
  if (names.length === 0) return;
  const heading = canvas.layout([{ text: label, style: { size: 12, bold: true } }]);
  canvas.ensureSpace(heading.reduce((h, l) => h + Canvas.lineHeight(l), 0) + 50);
  canvas.y += 6;
  canvas.flow(heading, { language });
  canvas.y += 3;
  for (const name of names) canvas.paragraph([{ text: name, style: NAME }], { language, after: 1 });
}
