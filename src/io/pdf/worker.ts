// A worker thread that renders PDFs: the pool in pool.ts sends it jobs, so both cores typeset at once.
import { parentPort } from 'node:worker_threads';
import { renderAnnexPdf, type AnnexInput } from './annex.js';
import type { RenderOptions } from './canvas.js';
import { renderDistributionPdf } from './distribution.js';
import { renderLetterPdf } from './letter.js';
import type { DistributionAnnex } from '../../core/distribution.js';
import type { LetterDocument } from '../../core/types.js';

export type PdfJob =
  | { id: number; kind: 'letter'; input: LetterDocument; opts: RenderOptions }
  | { id: number; kind: 'annex'; input: AnnexInput; opts: RenderOptions }
  | { id: number; kind: 'distribution'; input: DistributionAnnex; opts: RenderOptions };
export type PdfJobResult =
  | { id: number; ok: true; pages: number }
  | { id: number; ok: false; error: { name: string; message: string; file?: string | undefined; detail?: string | undefined; hint?: string | undefined; stack?: string | undefined } };

parentPort?.on('message', (job: PdfJob) => {
  const run = job.kind === 'letter' ? renderLetterPdf(job.input, job.opts) : job.kind === 'annex' ? renderAnnexPdf(job.input, job.opts) : renderDistributionPdf(job.input, job.opts);
  run.then(
    ({ pages }) => parentPort?.postMessage({ id: job.id, ok: true, pages } satisfies PdfJobResult),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const { file, detail, hint } = e as { file?: string; detail?: string; hint?: string };
      parentPort?.postMessage({ id: job.id, ok: false, error: { name: e.name, message: e.message, file, detail, hint, stack: e.stack } } satisfies PdfJobResult);
    },
  );
});
