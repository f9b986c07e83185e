import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';

// Heavy modules (handlebars, ajv, pdfkit, nodemailer) are imported by the command that needs them, so --help stays fast.

const collect = (value: string, previous: string[]) => [...previous, value];

interface Global {
  dir: string;
  color?: boolean;
  verbose?: boolean;
}

const program = new Command()
  .name('petition')
  .description('Merge petitions × recipient roster × signature counts into letters, PDFs and emails; send them once, with a ledger.')
  .version(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string)
  .option('-C, --dir <folder>', 'project folder holding petitions/, recipients/ and templates/', '.')
  .option('--no-color', 'plain output even on a terminal')
  .option('--verbose', 'show stack traces of internal errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const global = (): Global & { cwd: string } => {
  const g = program.opts<Global>();
  return { ...g, cwd: resolve(g.dir), color: g.color === false ? false : undefined };
};

const petitionOption = () => new Option('-p, --petition <slug|dir>', 'a petition folder or its slug under petitions/ (repeatable; default: all)').argParser(collect).default([]);
const rosterOption = () => new Option('-r, --roster <file>', "roster YAML to use instead of the petition's own");

program
  .command('validate')
  .description('check every input and trial-merge every letter; print every problem (exit 2 if any error)')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .addHelpText('after', '\nExamples:\n  $ petition validate\n  $ petition validate --petition 2024-independent-review')
  .action(async (opts: { petition: string[]; roster?: string }) => {
    const { run } = await import('./commands/validate.js');
    process.exitCode = await run({ ...global(), ...opts });
  });

program
  .command('preview')
  .description('dry run: show every letter that would be sent (headers and text) and a summary; sends nothing')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .addOption(new Option('--only <addressee-id>', 'only this addressee (repeatable)').argParser(collect).default([]))
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  $ petition preview\n  $ petition preview --petition 2017-restore-paris-peace-agreements --only un-secretary-general\n  $ petition preview --json | jq ".summary"')
  .action(async (opts: { petition: string[]; roster?: string; only: string[]; json?: boolean }) => {
    const { run } = await import('./commands/preview.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

program
  .command('count')
  .description('count signatures: rows, valid, unique, duplicates, invalid rows with reasons, by country, source and day')
  .argument('[files...]', 'CSV files to count instead of the petitions\' sources (.csv or .csv.gz)')
  .addOption(petitionOption())
  .option('--json', 'machine-readable output')
  .option('--strict', 'exit 2 if any row is rejected')
  .option('--show-rejects', 'list every rejected row (emails masked)')
  .option('--rejects <file>', 'write every rejected row to this CSV (default: none)')
  .addHelpText('after', '\nExamples:\n  $ petition count\n  $ petition count --petition 2024-independent-review --json\n  $ petition count signatures.csv more.csv.gz --rejects rejects.csv')
  .action(async (files: string[], opts: { petition: string[]; json?: boolean; strict?: boolean; showRejects?: boolean; rejects?: string }) => {
    const { run } = await import('./commands/count.js');
    process.exitCode = await run({ ...global(), ...opts, files, json: Boolean(opts.json), strict: Boolean(opts.strict), showRejects: Boolean(opts.showRejects) });
  });

program
  .command('render')
  .description('write one PDF per letter and a signature annex per petition into an archive folder, with manifest.json')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .addOption(new Option('--only <addressee-id>', 'only this addressee (repeatable)').argParser(collect).default([]))
  .option('-o, --out <folder>', 'archive folder', 'archive')
  .addOption(new Option('--paper <size>', 'paper size').choices(['a4', 'letter']).default('a4'))
  .option('--annex-names <n|all|none>', "signers' names listed in the annex (never emails)", '2000')
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  $ petition render\n  $ petition render --petition 2017-restore-paris-peace-agreements --out archive --paper letter\n  $ SOURCE_DATE_EPOCH=1508716800 petition render   # pin the PDF dates')
  .action(async (opts: { petition: string[]; roster?: string; only: string[]; out: string; paper: 'a4' | 'letter'; annexNames: string; json?: boolean }) => {
    const { run } = await import('./commands/render.js');
    process.exitCode = await run({ ...global(), ...opts, annexNames: namesCap(opts.annexNames), json: Boolean(opts.json) });
  });

function namesCap(value: string): number {
  if (value === 'all') return Infinity;
  if (value === 'none') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}": give a whole number, all or none`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const { reportError } = await import('./commands/report-error.js');
    return reportError(err, { verbose: Boolean(program.opts<Global>().verbose), color: program.opts<Global>().color });
  }
}

process.exitCode = await main(process.argv);
