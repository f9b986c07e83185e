// DuckDB on the same file, in its own process (so wall time and peak RSS are measured like the other runs'): the count
// and the distinct emails, then the rows by country, from one read of the file. Same definition as count-python.mjs:
// every record is a row; unique = distinct lower(trim(email)) over the rows whose email is not empty; nothing rejected.
// Usage: node bench/count-duckdb.mjs FILE THREADS [serial]
//
// read_csv options: header, delimiter, quote and escape given (the sniffer still detects the line end, CRLF or LF; a
// quoted field may span lines; the BOM is skipped); all_varchar, so no column is typed from a sample and no value fails
// a cast. For ragged rows (the messy file has them) strict_mode = false and null_padding = true: a row with too few
// fields is padded with NULLs, one with too many has its extra fields dropped, and both are counted as rows, as Python
// counts them. (With strict mode on, the first ragged row is an error; with null_padding alone, a row with too many
// fields is; strict_mode = false alone fails in the sniffer; ignore_errors = true would skip ragged rows, uncounted.)
// `serial` adds parallel = false: DuckDB's parallel reader refuses null_padding in a file with a line break inside
// quotes ("The parallel scanner does not support null_padding in conjunction with quoted new lines"), so the messy
// file is read by one thread; the distinct count and the group-by still use THREADS.
// The two columns needed go to a temporary table, then the two queries: at 1M rows faster than reading the file twice
// or a materialised CTE.
import { DuckDBInstance } from '@duckdb/node-api';

const [, , file, threads, serial] = process.argv;
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: String(Number(threads) || 1) });
const connection = await instance.connect();
const source = `read_csv(${quote(file)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true, strict_mode = false, null_padding = true${serial === 'serial' ? ', parallel = false' : ''})`;
await connection.run(`CREATE TEMP TABLE signatures AS SELECT nullif(lower(trim(email)), '') AS email, trim(country) AS country FROM ${source}`);
const [totals] = (await connection.runAndReadAll('SELECT count(*) AS rows, count(DISTINCT email) AS "unique" FROM signatures')).getRowObjects();
const byCountry = (await connection.runAndReadAll('SELECT country, count(*) AS n FROM signatures GROUP BY country')).getRows();
const ms = performance.now() - started;
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMB: usage.maxRSS / 1024,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    threads: Number(threads) || 1,
    parallelRead: serial !== 'serial',
    rows: Number(totals.rows),
    unique: Number(totals.unique),
    countries: byCountry.length,
  }),
);

/** A SQL string literal. */
function quote(text) {
  return `'${text.replaceAll("'", "''")}'`;
}
