// Renders PDFs on several lanes at once — this thread and a worker thread per further core — so a campaign of many
// letters typesets in parallel. For a few PDFs (or one core) it renders in this thread only: no worker start-up.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DistributionAnnex } from '../../core/distribution.js';
import type { LetterDocument } from '../../core/types.js';
import type { AnnexInput } from './annex.js';
import type { RenderOptions } from './canvas.js';
import { PdfInputError } from './errors.js';
import type { PdfJob, PdfJobResult } from './worker.js';

export interface PdfRenderer {
  /** How many PDFs to ask for at once. */
  concurrency: number;
  letter(doc: LetterDocument, opts: RenderOptions): Promise<{ pages: number }>;
  annex(input: AnnexInput, opts: RenderOptions): Promise<{ pages: number }>;
  distribution(input: DistributionAnnex, opts: RenderOptions): Promise<{ pages: number }>;
  close(): Promise<void>;
}

/**
 * PDFs a lane must have to do before another worker thread is worth starting. Measured on 2 cores (issue 16): a new
 * worker takes 1.3–1.9 s to its first letter and 1.5–2 s of CPU more than a warm lane (loading pdfkit, the fonts and
 * HarfBuzz, cold caches), the work of 100–130 letters at 15–18 ms each. With both cores free a second lane so pays
 * from about 150 letters and saves about 3 s at 500; on a busy machine with one core to spare it did not pay at 300
 * (7.4 s on one lane, 9.0 s on two) or 600 letters (12.1 s, 13.9 s) and broke even at 1,200 (27.6 s, 26.9 s).
 */
const PDFS_PER_LANE = 250;

type Job = Omit<Extract<PdfJob, { kind: 'letter' }>, 'id'> | Omit<Extract<PdfJob, { kind: 'annex' }>, 'id'> | Omit<Extract<PdfJob, { kind: 'distribution' }>, 'id'>;

/** `jobs` is how many PDFs will be asked for: a pool is only worth its start-up for several. */
export async function createPdfRenderer(jobs: number, options: { workers?: number | undefined } = {}): Promise<PdfRenderer> {
  // Asked for a number of lanes, use it. Else a lane per core once there are enough PDFs to repay a worker's start.
  const size = options.workers !== undefined ? Math.min(options.workers, jobs) : Math.min(availableParallelism(), Math.floor(jobs / PDFS_PER_LANE) || 1);
  if (size <= 1) {
    const { renderLetterPdf, renderAnnexPdf, renderDistributionPdf } = await localRenderers();
    return { concurrency: 1, letter: renderLetterPdf, annex: renderAnnexPdf, distribution: renderDistributionPdf, close: async () => {} };
  }
  // This thread is one of the lanes: one worker fewer to start (each loads pdfkit, the fonts and HarfBuzz anew).
  const local = await localRenderers();
  const workers = Array.from({ length: size - 1 }, () => new Worker(new URL('./worker.js', import.meta.url)));
  const MAIN = 'main' as const;
  const idle: (Worker | typeof MAIN)[] = [MAIN, ...workers];
  const queue: { job: Job; resolve: (r: { pages: number }) => void; reject: (e: unknown) => void }[] = [];
  const running = new Map<number, (typeof queue)[number]>();
  let nextId = 0;

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const lane = idle.pop()!;
      const item = queue.shift()!;
      if (lane === MAIN) {
        const job = item.job;
        const run =
          job.kind === 'letter' ? local.renderLetterPdf(job.input, job.opts) : job.kind === 'annex' ? local.renderAnnexPdf(job.input, job.opts) : local.renderDistributionPdf(job.input, job.opts);
        run.then(item.resolve, item.reject).finally(() => {
          idle.push(MAIN);
          pump();
        });
        continue;
      }
      const id = nextId++;
      running.set(id, item);
      const job: PdfJob = { ...item.job, id };
      lane.postMessage(job);
    }
  };
  for (const worker of workers) {
    worker.on('message', (result: PdfJobResult) => {
      const item = running.get(result.id);
      running.delete(result.id);
      idle.push(worker);
      if (item) {
        if (result.ok) item.resolve({ pages: result.pages });
        else item.reject(rebuild(result.error));
      }
      pump();
    });
    worker.on('error', (err) => {
      for (const item of running.values()) item.reject(err);
      running.clear();
    });
  }
  const submit = (job: Job) =>
    new Promise<{ pages: number }>((resolve, reject) => {
      queue.push({ job, resolve, reject });
      pump();
    });
  return {
    concurrency: size,
    letter: (input, opts) => submit({ kind: 'letter', input, opts }),
    annex: async (input, opts) => submit({ kind: 'annex', input: { ...input, names: input.names ? await collect(input.names) : undefined }, opts }),
    distribution: (input, opts) => submit({ kind: 'distribution', input, opts }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function rebuild(error: Extract<PdfJobResult, { ok: false }>['error']): Error {
  if (error.name === 'PdfInputError' && error.file !== undefined && error.detail !== undefined) return new PdfInputError(error.file, error.detail, error.hint);
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}

/** Names cross to a worker as an array (an iterator cannot be sent). */
async function collect(names: AsyncIterable<string> | Iterable<string>): Promise<string[]> {
  if (Array.isArray(names)) return names as string[];
  const out: string[] = [];
  for await (const name of names) out.push(name);
  return out;
}

/** The renderers of this thread, loaded when first needed (pdfkit and HarfBuzz are heavy). */
async function localRenderers(): Promise<{
  renderLetterPdf: typeof import('./letter.js').renderLetterPdf;
  renderAnnexPdf: typeof import('./annex.js').renderAnnexPdf;
  renderDistributionPdf: typeof import('./distribution.js').renderDistributionPdf;
}> {
  const [{ renderLetterPdf }, { renderAnnexPdf }, { renderDistributionPdf }] = await Promise.all([import('./letter.js'), import('./annex.js'), import('./distribution.js')]);
  return { renderLetterPdf, renderAnnexPdf, renderDistributionPdf };
}
