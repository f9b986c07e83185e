import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { problem } from '../../core/errors.js';
import { defaultMapping, recordToRow, resolveColumns, type ColumnIndexes } from '../../core/signatures/columns.js';
import { limitLineLength, MAX_LINE_CHARS, TOO_LONG_LINE } from '../../core/signatures/line-limit.js';
import { SNIFF_BYTES, sniffSignatureBytes, type Sniffed } from '../../core/signatures/sniff.js';
import { createTally, type TallyAccumulator } from '../../core/signatures/tally.js';
import type { ColumnMapping, DeclaredTally, Problem, SignatureEncoding, SignatureSourceSpec, SignatureTally } from '../../core/types.js';
import { byteOrderMarkProblem } from '../../core/signatures/encoding.js';
import { readText } from './read-text.js';
import { DEFAULT_MIN_PARALLEL_BYTES, defaultWorkers, tallyInRanges, type RangeTestOptions } from './parallel.js';
import type { BytePlan } from './byte-header.js';
import { tallyByteStream } from './byte-stream.js';
import { readRecords, readRecordsFrom, StopReading, type ParserMode } from './records.js';
import { RejectsFile } from './rejects-file.js';

export interface TallySourcesOptions {
  /** Where to write every reject as CSV (`source,row,reason,detail`); not written when absent. */
  rejectsPath?: string | undefined;
  /** Called as bytes are read (compressed bytes for .gz), with the total size of all sources. */
  onProgress?: ((bytesRead: number, bytesTotal: number) => void) | undefined;
  /** Told the name of each unique, valid signer in file order (for the annex); never their email. */
  onSigner?: ((name: string) => void) | undefined;
  /** How a file is named in rejects and problems (e.g. relative to where the user stands); the path itself by default. */
  shownAs?: ((file: string) => string) | undefined;
  /**
   * `fast` (default): the byte scanners where they apply, else the text scanner; `text`: the text scanner always;
   * `full`: csv-parse throughout. All give the same result; `text` and `full` exist so tests can prove it.
   */
  parser?: ParserMode | 'text' | undefined;
  /** Read size in bytes (default 1 MiB); tests use tiny reads to put chunk boundaries everywhere. */
  chunkBytes?: number | undefined;
  /**
   * Threads for one large file (default: the cores, at most 4; 1 = never split). Same result either way; see parallel.ts.
   * Not used with `parser: 'full'` or `'text'`, `onSigner`, .gz files or a delimiter longer than one ASCII character.
   */
  workers?: number | undefined;
  /** Files smaller than this (default 8 MiB) are read on one thread: a worker costs more than it saves there. */
  minParallelBytes?: number | undefined;
  /** For tests: where the parallel path cuts, and whether its ranges are read in this thread (parallel.ts). */
  ranges?: RangeTestOptions | undefined;
}

export interface TallyResult {
  tally: SignatureTally;
  problems: Problem[];
  /** The most threads that read one file (1: every file was read sequentially). */
  threads: number;
  /** Where csv-parse read the rest of a source because the scanners would not (what no CSV writer produces). */
  fullParser: { source: string; line: number }[];
}

/** One source as the reader needs it: `mapping: 'default'` means "columns named like our fields". */
interface ReadPlan {
  file: string;
  label: string;
  delimiter: string;
  mapping: ColumnMapping | 'default';
  encoding: SignatureEncoding;
}

/**
 * Counts a petition's signature sources (paths relative to `baseDir`) into one tally with one dedup set, so a person
 * who signed online and on a second list counts once. Files are streamed, never read whole. Problems (missing file, a
 * mapped column not in the header, an unclosed quote, an empty file) are returned, not thrown; a source with an error
 * in its header is not counted, the others are.
 */
export async function tallySources(baseDir: string, sources: readonly SignatureSourceSpec[], declared: readonly DeclaredTally[], opts: TallySourcesOptions = {}): Promise<TallyResult> {
  const kind = sources[0]?.kind ?? 'person';
  const plans = sources.map((s) => ({ file: join(baseDir, s.path), label: s.label, delimiter: s.delimiter, mapping: s.columns, encoding: s.encoding ?? 'utf-8' }));
  const result = await tallyPlans(plans, kind, declared, opts);
  if (sources.some((s) => s.kind !== kind)) {
    result.problems.unshift(problem(plans[0]?.file ?? baseDir, undefined, 'kind', 'sources mix persons and organisations', 'count them in separate petitions', 'warning'));
  }
  return result;
}

/** `petition count FILE.csv …`: comma-separated files whose header names are our field names (`full_name` for name). */
export async function tallyFiles(paths: readonly string[], opts: TallySourcesOptions & { declared?: readonly DeclaredTally[] } = {}): Promise<TallyResult> {
  const plans = paths.map((file): ReadPlan => ({ file, label: shown(file, opts), delimiter: ',', mapping: 'default', encoding: 'utf-8' }));
  return tallyPlans(plans, 'person', opts.declared ?? [], opts);
}

async function tallyPlans(plans: readonly ReadPlan[], kind: SignatureTally['kind'], declared: readonly DeclaredTally[], opts: TallySourcesOptions): Promise<TallyResult> {
  const problems: Problem[] = [];
  const rejects = opts.rejectsPath ? await RejectsFile.create(opts.rejectsPath) : undefined;
  const sizes = await Promise.all(
    plans.map((p) =>
      stat(p.file).then(
        (s) => s.size,
        () => undefined,
      ),
    ),
  );
  const bytesTotal = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
  // ~100 bytes a row is typical; a gzipped file holds several times its size. Only sizes the dedup table.
  const expectedSigners = plans.reduce((n, p, i) => n + (sizes[i] ?? 0) / (p.file.toLowerCase().endsWith('.gz') ? 25 : 100), 0);
  const tally = createTally(kind, { onReject: rejects ? (r) => rejects.add(r) : undefined, expectedSigners });
  let threadsUsed = 1;
  const fullParser: TallyResult['fullParser'] = [];
  try {
    let bytesRead = 0;
    const onBytes = opts.onProgress
      ? (n: number) => {
          bytesRead += n;
          opts.onProgress?.(bytesRead, bytesTotal);
        }
      : undefined;
    for (const [i, plan] of plans.entries()) {
      if (sizes[i] === undefined) {
        problems.push(problem(shown(plan.file, opts), undefined, undefined, 'signature file not found', 'check the path in the petition'));
        continue;
      }
      const flush = rejects ? () => rejects.flush() : async () => {};
      const one = await tallyOne(plan, sizes[i], tally, opts, onBytes, flush, (line) => fullParser.push({ source: shown(plan.file, opts), line }));
      problems.push(...one.problems);
      threadsUsed = Math.max(threadsUsed, one.threads);
    }
  } finally {
    await rejects?.close();
  }
  return { tally: tally.finish(declared), problems, threads: threadsUsed, fullParser };
}

async function tallyOne(
  plan: ReadPlan,
  size: number,
  tally: TallyAccumulator,
  opts: TallySourcesOptions,
  onBytes: ((n: number) => void) | undefined,
  between: () => Promise<void>,
  onFullParser: (line: number) => void,
): Promise<{ problems: Problem[]; threads: number }> {
  const problems: Problem[] = [];
  const name = shown(plan.file, opts);
  let threadsUsed = 1;
  let columns: ColumnIndexes | undefined;
  let headerLength = -1;
  let rows = 0;

  const sink = (fields: string[], line: number, plain?: boolean): void => {
    const tooLong = fields.length === 1 && fields[0] === TOO_LONG_LINE;
    if (headerLength < 0) {
      if (!tooLong) headerLength = fields.length;
      columns = headerColumns(fields, line, plan, name, problems);
      return;
    }
    rows++;
    if (tooLong) {
      tally.reject({ source: name, row: line, reason: 'line-too-long', detail: `longer than ${MAX_LINE_CHARS} characters; not read` });
      return;
    }
    if (fields.length !== headerLength) {
      tally.reject({ source: name, row: line, reason: 'ragged-row', detail: `${fields.length} fields where the header has ${headerLength}` });
      return;
    }
    const row = recordToRow(fields, columns!);
    const added = tally.add(row, { source: name, row: line, label: plan.label, plain });
    if (opts.onSigner && added.ok && !added.duplicate) opts.onSigner(row.name.trim().normalize('NFC'));
  };

  const sniffed = await sniffFile(plan.file).catch((caught: unknown): Sniffed => {
    const error = caught as NodeJS.ErrnoException;
    return { ok: false, message: `cannot be read (${error.code ?? error.message})`, hint: 'check the path and its permissions' };
  });
  if (!sniffed.ok) return { problems: [problem(name, undefined, undefined, sniffed.message, sniffed.hint)], threads: 1 };
  let syntaxError;
  try {
    const split = sniffed.lineEnds === 'lf' && readsBytes(opts) ? await tallyBytes({ ...plan, name }, size, tally, opts, onBytes, between) : undefined;
    if (!split) {
      const text = limitLineLength(readText(plan.file, onBytes, opts.chunkBytes, 0, sniffed.lineEnds, plan.encoding));
      syntaxError = await readRecords(text, plan.delimiter, opts.parser === 'full' ? 'full' : 'fast', sink, between, onFullParser);
    } else {
      threadsUsed = split.threads;
      headerLength = split.headerLength;
      columns = split.columns;
      rows = split.records;
      if (split.handoff) {
        onFullParser(split.handoff.linesBefore + 1);
        const handoff = split.handoff;
        const text = 'text' in handoff ? handoff.text : limitLineLength(readText(plan.file, onBytes, opts.chunkBytes, handoff.offset, 'lf', plan.encoding));
        syntaxError = await readRecordsFrom(text, plan.delimiter, split.handoff.linesBefore, sink, between);
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [...problems, problem(name, undefined, undefined, `cannot read: ${message}`)], threads: threadsUsed };
  }
  if (syntaxError) {
    problems.push(problem(name, syntaxError.line, undefined, `${syntaxError.message}; the rest of the file is not counted`, 'check the quotes on this line'));
  }
  if (headerLength < 0) problems.push(problem(name, undefined, undefined, 'empty file: no header and no signatures', undefined, 'warning'));
  else if (rows === 0 && columns) problems.push(problem(name, 1, undefined, 'no signatures after the header', undefined, 'warning'));
  return { problems, threads: threadsUsed };
}

/** The header row: the source's mapping resolved against it; a header that cannot be read stops the source (StopReading), its problems said. */
function headerColumns(fields: string[], line: number, plan: ReadPlan, name: string, problems: Problem[]): ColumnIndexes {
  if (fields.length === 1 && fields[0] === TOO_LONG_LINE) {
    problems.push(problem(name, line, 'header', `the header line is longer than ${MAX_LINE_CHARS} characters`, 'is this a CSV file?'));
    throw new StopReading();
  }
  const bom = byteOrderMarkProblem(fields, plan.encoding, name);
  if (bom) {
    problems.push(bom);
    throw new StopReading();
  }
  const mapping = plan.mapping === 'default' ? defaultMapping(fields) : plan.mapping;
  const resolved = resolveColumns(fields, mapping, name);
  problems.push(...resolved.problems);
  if (!resolved.indexes) throw new StopReading();
  return resolved.indexes;
}

/** Refuses what is not a readable CSV file before reading it: a folder, a named pipe (which could block), not UTF-8. */
async function sniffFile(file: string): Promise<Sniffed> {
  const stats = await stat(file);
  if (stats.isDirectory()) return { ok: false, message: 'is a folder, not a CSV file', hint: 'name the CSV file itself' };
  if (!stats.isFile()) return { ok: false, message: 'is not a regular file (a named pipe or a device)', hint: 'save the signatures to a file first' };
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(Math.min(SNIFF_BYTES, stats.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffSignatureBytes(head.subarray(0, bytesRead), file.toLowerCase().endsWith('.gz'));
  } finally {
    await handle.close();
  }
}

const threads = (opts: TallySourcesOptions): number => Math.max(1, Math.floor(opts.workers ?? defaultWorkers()));

/** The byte paths give the same result as the text path, for what they know how to read (not a signer's name). */
const readsBytes = (opts: TallySourcesOptions): boolean => (opts.parser ?? 'fast') === 'fast' && !opts.onSigner;

/**
 * A file on byte ranges read in parallel when it is large and more than one thread may be used (not a .gz: it is
 * read from its start), else as one stream on this thread. Undefined when the byte path cannot take its header.
 */
async function tallyBytes(plan: BytePlan, size: number, tally: TallyAccumulator, opts: TallySourcesOptions, onBytes: ((n: number) => void) | undefined, between: () => Promise<void>) {
  const parallel = threads(opts) > 1 && size > 0 && size >= (opts.minParallelBytes ?? DEFAULT_MIN_PARALLEL_BYTES) && !plan.file.toLowerCase().endsWith('.gz');
  if (parallel) return tallyInRanges(plan, size, threads(opts), opts.chunkBytes, tally, onBytes, between, opts.ranges);
  return tallyByteStream(plan, size, tally, onBytes, between, opts.chunkBytes);
}

const shown = (file: string, opts: TallySourcesOptions): string => opts.shownAs?.(file) ?? file;
