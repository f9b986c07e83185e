/**
 * Signature counting — the rules, in one place (each is detailed where it is implemented).
 *
 * Files: CSV with a header row, UTF-8 (a BOM is stripped) unless the source says windows-1252 or latin1 (encoding.ts),
 * LF or CRLF line ends, quoted fields may hold the delimiter, quotes ("") and line breaks; `.gz` files are decompressed
 * while streaming. The delimiter is set per source.
 * Columns: a source maps our fields (name, email, country, region, city, postcode, signed_at, source, comment) to its
 * header names, matched trimmed and case-insensitively; `name` may join several columns with a space. A mapped column missing from the header is a source-level
 * error on line 1, field `columns.<field>`, and that source is not counted. `petition count FILE.csv` uses columns
 * named like our fields (`full_name` accepted for name).
 * Rows: every record after the header; empty lines are skipped. Row numbers are the line where the record starts
 * (header = line 1), as an editor shows it, also after a quoted field spanning lines. A row with a different number
 * of fields than the header is rejected `ragged-row`; a row whose text holds bytes that are not UTF-8 is rejected
 * `bad-encoding` and counting goes on. An empty file (0 bytes or a header only) counts 0 with a warning. An unclosed
 * quote is an error at the record where it opens; rows before it are counted.
 * Fields: trimmed and NFC-normalized; the rest of the rules (reject order, email, country, date, dedup) are on
 * `createTally`, `normalizeEmail`, `isEmail`, `normalizeCountry`, `parseSignedAt`, `normalizeName` and `SignerSet`.
 * Speed: records are split by one RFC 4180 scanner (csv-record.ts), read from bytes where it can (byte-scanner.ts):
 * a large file (8 MiB or more, not .gz) on byte ranges read on several threads and merged in file order
 * (io/signatures/parallel.ts), any other on one thread; csv-parse reads only what no CSV writer produces. The result
 * is the same on every path, which tests hold to.
 * Privacy: signers' emails never appear in any output; reject details mask them as `j***@example.org`.
 */
export { normalizeCountry } from './country.js';
export { isEmail, maskEmail, normalizeEmail } from './email.js';
export { normalizeName } from './name.js';
export { parseSignedAt, type SignedAt } from './signed-at.js';
export { createTally, UNSPECIFIED_COUNTRY, type AddResult, type RowOrigin, type TallyAccumulator, type TallyOptions } from './tally.js';
export { defaultMapping, resolveColumns, SIGNATURE_FIELDS } from './columns.js';
