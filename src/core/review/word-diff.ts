// A word diff of two texts, for the reviewer of a letter changed since it was approved. Words are what
// Intl.Segmenter says they are, so Khmer (written without spaces) splits into words too; spaces and punctuation are
// tokens of their own, so the runs put together give back each text exactly.

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffRun {
  op: DiffOp;
  text: string;
}

/** Beyond this many edits the middle of the texts is shown as removed then added whole: a rewrite, not a change. */
const MAX_EDITS = 2000;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const SPACED_WORD = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]+$/u;

/**
 * The texts' words, spaces and punctuation, in order. Each run of white space is one token, and the segmenter is
 * given the text between them: on one long string its iterator slows down with the length (about 250 ms for
 * 5,000 words), piece by piece it takes a few milliseconds. A piece of letters and digits of a script written
 * with spaces is one word as it stands: asking the segmenter about each would take most of the time.
 */
export function tokenise(text: string): string[] {
  const tokens: string[] = [];
  for (const piece of text.split(/(\s+)/)) {
    if (piece === '') continue;
    if (/^\s/.test(piece) || SPACED_WORD.test(piece)) tokens.push(piece);
    else for (const s of segmenter.segment(piece)) tokens.push(s.segment);
  }
  return tokens;
}

/** The runs that turn `before` into `after`; adjacent runs of one op are merged, and no run is empty. */
export function wordDiff(before: string, after: string): DiffRun[] {
  const a = tokenise(before);
  const b = tokenise(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middle = diffMiddle(a.slice(start, a.length - end), b.slice(start, b.length - end));
  const runs: DiffRun[] = [{ op: 'same', text: a.slice(0, start).join('') }, ...middle, { op: 'same', text: a.slice(a.length - end).join('') }];
  return merge(runs);
}

function diffMiddle(a: readonly string[], b: readonly string[]): DiffRun[] {
  // Tokens as numbers: the inner loop compares integers, not strings.
  const ids = new Map<string, number>();
  const id = (t: string): number => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  const edits = myers(a.map(id), b.map(id), MAX_EDITS);
  if (!edits)
    return [
      { op: 'removed', text: a.join('') },
      { op: 'added', text: b.join('') },
    ];
  let x = 0;
  let y = 0;
  return edits.map((op) => ({ op, text: op === 'added' ? b[y++]! : op === 'removed' ? a[x++]! : (y++, a[x++]!) }));
}

/**
 * Myers' O(ND) shortest edit script, one op per token; undefined past `maxEdits`. Each step keeps only the diagonals
 * it reached (2d + 3 of them), so the memory is O(D²), not O(D·(N+M)).
 */
function myers(a: readonly number[], b: readonly number[], maxEdits: number): DiffOp[] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(n + m, maxEdits); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

/** Walks the kept steps from the end back to the start; `trace[d]` holds diagonals -d-1 … d+1 before step d. */
function backtrack(trace: readonly Int32Array[], n: number, m: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const at = (k: number): number => v[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('same');
      x--;
      y--;
    }
    if (d > 0) ops.push(down ? 'added' : 'removed');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function merge(runs: readonly DiffRun[]): DiffRun[] {
  const merged: DiffRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged.at(-1);
    if (last?.op === run.op) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}
