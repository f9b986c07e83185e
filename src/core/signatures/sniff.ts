// A look at a signature file's first bytes, before it is read as CSV: text that is not UTF-8 (UTF-16 from a
// spreadsheet's "Unicode text" export), a .gz that is not gzip, and old-Mac line ends (CR only) are found here.

/** Bytes looked at: enough for many lines of a header and the first rows. */
export const SNIFF_BYTES = 64 * 1024;

export type Sniffed = { ok: true; lineEnds: 'lf' | 'cr' } | { ok: false; message: string; hint: string };

export function sniffSignatureBytes(head: Uint8Array, gzipped: boolean): Sniffed {
  if (gzipped) {
    if (head.length >= 2 && !(head[0] === 0x1f && head[1] === 0x8b))
      return { ok: false, message: 'is named .gz but is not gzip-compressed', hint: 'compress it with gzip, or remove .gz from its name' };
    return { ok: true, lineEnds: 'lf' };
  }
  const utf16 = utf16Kind(head);
  if (utf16) return { ok: false, message: `is ${utf16} text, not UTF-8`, hint: 'save it as "CSV UTF-8", or convert it with iconv -f UTF-16 -t UTF-8' };
  return { ok: true, lineEnds: crOnly(head) ? 'cr' : 'lf' };
}

function utf16Kind(head: Uint8Array): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16 (little-endian, with a byte order mark)';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16 (big-endian, with a byte order mark)';
  // Without a BOM: ASCII in UTF-16 has a NUL in every other byte; UTF-8 text has none.
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.3 && evenNul === 0) return 'UTF-16 (little-endian)';
  if (evenNul > pairs * 0.3 && oddNul === 0) return 'UTF-16 (big-endian)';
  return undefined;
}

/** Line ends are CR alone when the first bytes have a CR and no LF at all (a CR inside a field of an LF file is text). */
function crOnly(head: Uint8Array): boolean {
  const cr = head.indexOf(0x0d);
  return cr >= 0 && cr < head.length - 1 && head.indexOf(0x0a) < 0;
}
