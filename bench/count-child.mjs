// Runs one count in its own process so wall time and peak RSS are those of a real `petition count`.
// Usage: node bench/count-child.mjs DIST FILE fast|full [workers]   (workers: default = the library's default)
const [, , distDir, file, parser, workers] = process.argv;
const started = performance.now();
const { tallyFiles } = await import(`${distDir}/io/signatures/index.js`);
const { tally, problems, threads } = await tallyFiles([file], { parser, workers: workers === undefined ? undefined : Number(workers) });
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    threads,
    rows: tally.rows,
    unique: tally.unique,
    duplicates: tally.duplicates,
    invalid: tally.invalid,
    byCountry: tally.byCountry,
    problems: problems.length,
  }),
);
