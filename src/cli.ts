import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { escapeTerminal } from './ui/escape.js';
import { isHelpOrVersion } from './ui/help-or-version.js';
import { ExitCode } from './core/errors.js';
import { parseSlug } from './core/slug.js';
import { optionRanges, parseIsoDay, parseNamesCap, parseWholeNumber, type Parsed, type WholeNumberRange } from './core/option-values.js';

// Heavy modules (handlebars, ajv, pdfkit, nodemailer) are imported by the command that needs them, so --help stays fast.

const collect = (value: string, previous: string[]) => [...previous, value];

interface Global {
  dir: string;
  color?: boolean | undefined;
  verbose?: boolean | undefined;
}

const program = new Command()
  .name('petition')
  .description('Merge petitions × recipient roster × signature counts into letters, PDFs and emails; send them once, with a ledger.')
  .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
  .option('-C, --dir <folder>', 'project folder holding petitions/, recipients/ and templates/', '.')
  .option('--no-color', 'plain output even on a terminal')
  .option('--verbose', 'show stack traces of internal errors')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (text) => void process.stderr.write(escapeTerminal(text)) }) // an argument quoted in an error
  .exitOverride();

const global = (): Global & { cwd: string } => {
  const g = program.opts<Global>();
  return { ...g, cwd: resolve(g.dir), color: g.color === false ? false : undefined };
};

const petitionOption = () => new Option('-p, --petition <slug|dir>', 'a petition folder or its slug under petitions/ (repeatable; default: all)').argParser(collect).default([]);
const rosterOption = () => new Option('-r, --roster <file>', "roster YAML to use instead of the petition's own");
const annexNamesOption = () => new Option('--annex-names <n|all|none>', "signers' names listed in the annex (never emails)").argParser(checked(parseNamesCap)).default(2000, '2000');

program
  .command('init')
  .description('make a new campaign that validates at once: a petition, a placeholder roster, signatures/, .gitignore, the scheduled workflow')
  .argument('[folder]', 'the campaign folder (made if missing, its parent must exist)', '.')
  .option('--slug <slug>', "the petition's folder name under petitions/ (default: the campaign folder's name)", checked(parseSlug))
  .option('--roster-from <id>', 'copy this roster bundled with petition instead of writing a placeholder one')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nNever overwrites: if any file it would write exists, it names each one and writes nothing (exit 2).\n\nExamples:\n  $ petition init free-elections-2025\n  $ petition init . --slug 2025-anniversary --roster-from paris-conference-2017',
  )
  .action(async (folder: string, opts: { slug?: string; rosterFrom?: string; json?: boolean }) => {
    const { run } = await import('./commands/init.js');
    process.exitCode = await run({ ...global(), ...opts, folder, json: Boolean(opts.json) });
  });

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
  .addHelpText(
    'after',
    '\nExamples:\n  $ petition preview\n  $ petition preview --petition 2017-restore-paris-peace-agreements --only un-secretary-general\n  $ petition preview --json | jq ".summary"',
  )
  .action(async (opts: { petition: string[]; roster?: string; only: string[]; json?: boolean }) => {
    const { run } = await import('./commands/preview.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

program
  .command('review')
  .description('write a static review site: an index of every letter with filters and search, and a page per letter (text, HTML, PDF, headers, problems, changes since approved)')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('-o, --out <folder>', 'the site folder (replaced whole; only a folder petition review made)', 'review')
  .option('--follow-up', "the letters' reminders (petition follow-up) instead of the letters")
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nOpens from disk, without a server or the network. Exit 0 whether or not the letters are approved.\n\nExamples:\n  $ petition review && open review/index.html\n  $ petition review --petition 2017-restore-paris-peace-agreements --out review-2017',
  )
  .action(async (opts: { petition: string[]; roster?: string; out: string; followUp?: boolean; json?: boolean }) => {
    const { run } = await import('./commands/review.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

program
  .command('count')
  .description('count signatures: rows, valid, unique, duplicates, invalid rows with reasons, by country, source and day')
  .argument('[files...]', "CSV files to count instead of the petitions' sources (.csv or .csv.gz)")
  .addOption(petitionOption())
  .option('--json', 'machine-readable output')
  .option('--strict', 'exit 2 if any row is rejected')
  .option('--show-rejects', 'list every rejected row (emails masked)')
  .option('--rejects <file>', 'write every rejected row here (source,row,reason,detail; emails masked); several petitions: one file each', 'rejects.csv')
  .option('--no-rejects', 'do not write the rejects file')
  .option('--suggest-mapping', "print the petition source entry (delimiter, encoding, columns) each file's header and first rows suggest; counts nothing")
  .addHelpText(
    'after',
    '\nExamples:\n  $ petition count\n  $ petition count --petition 2024-independent-review --json\n  $ petition count signatures.csv more.csv.gz --rejects rejects.csv\n  $ petition count export.csv --suggest-mapping',
  )
  .action(async (files: string[], opts: { petition: string[]; json?: boolean; strict?: boolean; showRejects?: boolean; rejects: string | false; suggestMapping?: boolean }) => {
    const options = { ...global(), ...opts, files, json: Boolean(opts.json), strict: Boolean(opts.strict), showRejects: Boolean(opts.showRejects) };
    // --suggest-mapping counts nothing: its own module.
    const { run } = opts.suggestMapping ? { run: (await import('./commands/suggest-mapping.js')).suggestMappings } : await import('./commands/count.js');
    process.exitCode = await run(options);
  });

program
  .command('render')
  .description('write one PDF per letter and a signature annex per petition into an archive folder, with manifest.json')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .addOption(new Option('--only <addressee-id>', 'only this addressee (repeatable)').argParser(collect).default([]))
  .option('-o, --out <folder>', 'archive folder', 'archive')
  .addOption(new Option('--paper <size>', 'paper size').choices(['a4', 'letter']).default('a4'))
  .addOption(annexNamesOption())
  .option('--jobs <n>', 'PDFs typeset at once, on worker threads, 1-64 (default: one per core for large campaigns)', wholeNumber(optionRanges.jobs))
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nExamples:\n  $ petition render\n  $ petition render --petition 2017-restore-paris-peace-agreements --out archive --paper letter\n  $ SOURCE_DATE_EPOCH=1508716800 petition render   # pin the PDF dates',
  )
  .action(async (opts: { petition: string[]; roster?: string; only: string[]; out: string; paper: 'a4' | 'letter'; annexNames: number; jobs?: number; json?: boolean }) => {
    const { run } = await import('./commands/render.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

program
  .command('print')
  .description('write a checked print pack per petition: every print letter with its address in the envelope window, one PDF, and the addresses for labels')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('-o, --out <folder>', 'archive folder: the packs go into its print/ folder', 'archive')
  .addOption(new Option('--envelope <size>', 'window envelope (default: dl for A4, us10 for Letter)').choices(['dl', 'c5', 'c4', 'us10']))
  .addOption(new Option('--paper <size>', 'paper size').choices(['a4', 'letter']).default('a4'))
  .option('--duplex', 'printed on both sides: each letter starts on the front of a sheet (a blank page before it if needed)')
  .addOption(new Option('--annex <where>', 'the signature annex after each letter, or once at the end').choices(['each', 'once']).default('each'))
  .addOption(annexNamesOption())
  .option('--margin <mm>', "the printer's unprintable edge: no text nearer the sheet's edge (0-50)", wholeNumber(optionRanges.margin), 5)
  .option('--max-pages <n>', 'pages one envelope may hold, annex included (1-1000)', wholeNumber(optionRanges.maxPages), 10)
  .option('--roster-checked-on <date>', 'you checked every addressee on this date (YYYY-MM-DD): lets a roster older than its max_age_days go', checked(parseIsoDay))
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nA letter whose addressee has no postal_address is listed as "address needed", never printed with a blank window.\nEvery pack is read back (pdftotext, pdffonts) and checked; a problem is exit 2 and no pack is kept.\n\nExamples:\n  $ petition print\n  $ petition print --petition 2017-restore-paris-peace-agreements --envelope c5 --duplex --annex once\n  $ petition print --paper letter --json',
  )
  .action(
    async (opts: {
      petition: string[];
      roster?: string;
      out: string;
      envelope?: 'dl' | 'c5' | 'c4' | 'us10';
      paper: 'a4' | 'letter';
      duplex?: boolean;
      annex: 'each' | 'once';
      annexNames: number;
      margin: number;
      maxPages: number;
      rosterCheckedOn?: string;
      json?: boolean;
    }) => {
      const { run } = await import('./commands/print.js');
      process.exitCode = await run({ ...global(), ...opts, duplex: Boolean(opts.duplex), json: Boolean(opts.json) });
    },
  );

program
  .command('send')
  .description('send every letter over SMTP, once: render all first, then send, recording each step in the ledger')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('-o, --out <folder>', 'archive folder holding the ledger, PDFs and sent .eml files', 'archive')
  .option('-y, --yes', 'send without asking (required when there is no terminal, e.g. in CI)')
  .option('--test-to <address>', 'send every letter to this address instead, "[TEST]" in the subject; the ledger is left alone')
  .addOption(new Option('--only <addressee-id>', 'only this addressee (repeatable)').argParser(collect).default([]))
  .option('--limit <n>', 'send at most n letters in this run', wholeNumber(optionRanges.limit))
  .option('--resend', 'send letters whose content changed since they were sent')
  .option('--retry-unknown', 'send letters whose delivery is unknown (the process died while sending)')
  .option('--max-errors <n>', 'stop after n failed letters', wholeNumber(optionRanges.maxErrors), 10)
  .option('--rate <per-minute>', 'at most this many messages a minute (1-100000), retries included', wholeNumber(optionRanges.rate))
  .option('--insecure', 'allow a non-loopback SMTP server without TLS')
  .option('--on-anniversary', "send only on the petition's anniversary in its time zone (for scheduled runs)")
  .option('--late-by <hours>', 'with --on-anniversary: still send this long after the day ended (0-720)', wholeNumber(optionRanges.lateBy), 12)
  .option('--roster-checked-on <date>', 'you checked every addressee on this date (YYYY-MM-DD): lets a roster older than its max_age_days go; recorded in the ledger', checked(parseIsoDay))
  .addOption(new Option('--paper <size>', 'paper size of the PDFs').choices(['a4', 'letter']).default('a4'))
  .addOption(annexNamesOption())
  .option('--json', 'machine-readable report')
  .addHelpText(
    'after',
    "\nSMTP settings come from the environment only: SMTP_URL (smtps://user:pass@host:465; percent-encode @ : / ? # % in\nthe password) or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_SECURE; optional SMTP_TLS_CA_FILE (extra CA, PEM),\nSMTP_ENVELOPE_FROM (MAIL FROM address, default the letter's From), SMTP_RETURN_PATH (a MAIL FROM per letter for\nbounces, e.g. bounces+{token}@example.org; not with SMTP_ENVELOPE_FROM), SMTP_MAX_CONNECTIONS (1-20, default 3), and DKIM\nsigning with DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE (an unencrypted RSA key).\nDeadlines in seconds (decimals allowed): SMTP_CONNECT_TIMEOUT (30), SMTP_GREETING_TIMEOUT (60), SMTP_COMMAND_TIMEOUT (60, each whole reply),\nSMTP_DATA_TIMEOUT (120, the message on its way), SMTP_REPLY_TIMEOUT (600, the reply after the message), SMTP_MESSAGE_TIMEOUT (900, one message in all).\nAll of them and --test-to are checked before anything is rendered (exit 2).\n\nExamples:\n  $ petition send --test-to me@example.org --yes\n  $ petition send --petition 2017-restore-paris-peace-agreements\n  $ petition send --yes --on-anniversary        # daily cron: sends only on 23 October",
  )
  .action(async (opts: SendCliOptions) => {
    const { run } = await import('./commands/send.js');
    process.exitCode = await run({
      ...global(),
      ...opts,
      yes: Boolean(opts.yes),
      resend: Boolean(opts.resend),
      retryUnknown: Boolean(opts.retryUnknown),
      insecure: Boolean(opts.insecure),
      onAnniversary: Boolean(opts.onAnniversary),
      lateByHours: opts.lateBy,
      rosterCheckedOn: opts.rosterCheckedOn,
      json: Boolean(opts.json),
    });
  });

program
  .command('follow-up')
  .description('send one reminder, threaded to the letter, to each addressee it was sent to at least --after days ago who neither replied nor bounced')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .requiredOption('--after <days>', 'remind letters sent at least this many days ago (0-3650)', wholeNumber(optionRanges.afterDays))
  .option('-o, --out <folder>', 'archive folder holding the ledger and sent .eml files', 'archive')
  .option('-y, --yes', 'send without asking (required when there is no terminal, e.g. in CI)')
  .option('--test-to <address>', 'send every reminder due to this address instead, "[TEST]" in the subject; the ledger is left alone')
  .addOption(new Option('--only <id>', 'only this addressee or letter (repeatable)').argParser(collect).default([]))
  .option('--limit <n>', 'send at most n reminders in this run', wholeNumber(optionRanges.limit))
  .option('--retry-unknown', 'send reminders whose delivery is unknown (the process died while sending)')
  .option('--max-errors <n>', 'stop after n failed reminders', wholeNumber(optionRanges.maxErrors), 10)
  .option('--rate <per-minute>', 'at most this many messages a minute (1-100000), retries included', wholeNumber(optionRanges.rate))
  .option('--insecure', 'allow a non-loopback SMTP server without TLS')
  .option('--roster-checked-on <date>', 'you checked every addressee on this date (YYYY-MM-DD): lets a roster older than its max_age_days go', checked(parseIsoDay))
  .option('--json', 'machine-readable report')
  .addHelpText(
    'after',
    '\nThe reminder is templates/<lang>/follow-up.md.hbs (English and French are bundled; a language without one stops the run\nwhen one of its letters is due). Reminders are letters of their own: approve them first with petition approve --follow-up.\nSMTP settings as for send.\n\nExamples:\n  $ petition approve --follow-up --all --by "Ada Reviewer <ada@example.org>"\n  $ petition follow-up --after 14\n  $ petition follow-up --after 14 --test-to me@example.org --yes',
  )
  .action(async (opts: FollowUpCliOptions) => {
    // A reminder run is a send run with its letters chosen otherwise: one module, so the two cannot drift apart.
    const { runFollowUp } = await import('./commands/send.js');
    process.exitCode = await runFollowUp({
      ...global(),
      ...opts,
      yes: Boolean(opts.yes),
      retryUnknown: Boolean(opts.retryUnknown),
      insecure: Boolean(opts.insecure),
      json: Boolean(opts.json),
    });
  });

type FollowUpCliOptions = Pick<
  SendCliOptions,
  'petition' | 'roster' | 'out' | 'yes' | 'testTo' | 'only' | 'limit' | 'retryUnknown' | 'maxErrors' | 'rate' | 'insecure' | 'rosterCheckedOn' | 'json'
> & { after: number };

interface SendCliOptions {
  rosterCheckedOn?: string;
  petition: string[];
  roster?: string;
  out: string;
  yes?: boolean;
  testTo?: string;
  only: string[];
  limit?: number;
  resend?: boolean;
  retryUnknown?: boolean;
  maxErrors: number;
  rate?: number;
  insecure?: boolean;
  onAnniversary?: boolean;
  lateBy: number;
  paper: 'a4' | 'letter';
  annexNames: number;
  json?: boolean;
}

program
  .command('status')
  .description('show the ledger: what became of each letter (sent, failed, unknown, not yet sent)')
  .addOption(petitionOption())
  .option('-o, --out <folder>', 'archive folder holding the ledger', 'archive')
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  $ petition status\n  $ petition status --out archive --json')
  .action(async (opts: { petition: string[]; out: string; json?: boolean }) => {
    const { run } = await import('./commands/status.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

program
  .command('inbox')
  .description('after the send: read bounces, delivery reports and replies from a mailbox, match each to its letter, record them in the ledger')
  .option('-o, --out <folder>', 'archive folder holding the ledger', 'archive')
  .option('--maildir <folder>', 'read this Maildir folder instead of IMAP_URL')
  .option('--mbox <file>', 'read this mbox file instead of IMAP_URL')
  .option('--mark-seen', 'mark the messages matched to a letter as seen (the mailbox is otherwise never changed)')
  .option('--insecure', 'allow a non-loopback IMAP server without TLS')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nThe mailbox: --maildir, --mbox, or IMAP_URL (imaps://user:pass@host:993/INBOX, or imap://…:143 with STARTTLS;\npercent-encode @ : / ? # % in the password), IMAP_TLS_CA_FILE (extra CA, PEM), IMAP_CONNECT_TIMEOUT (seconds).\nReading the same mailbox again adds nothing; messages that match no letter are listed, never dropped.\n\nExamples:\n  $ IMAP_URL=imaps://replies%40example.org:secret@imap.example.org/INBOX petition inbox\n  $ petition inbox --maildir ~/Maildir --json',
  )
  .action(async (opts: { out: string; maildir?: string; mbox?: string; markSeen?: boolean; insecure?: boolean; json?: boolean }) => {
    const { run } = await import('./commands/inbox.js');
    process.exitCode = await run({ ...global(), ...opts, markSeen: Boolean(opts.markSeen), insecure: Boolean(opts.insecure), json: Boolean(opts.json) });
  });

program
  .command('report')
  .description('after the send: per petition and year, per state, how many letters were delivered, bounced, acknowledged, replied to, or met silence')
  .addOption(petitionOption())
  .option('-o, --out <folder>', 'archive folder holding the ledger', 'archive')
  .option('--year <yyyy>', 'only the letters sent in this year', (value: string) => {
    if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a year in four digits, e.g. 2017');
    return value;
  })
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nReads the ledger, with what petition inbox recorded of delivery reports and replies.\n\nExamples:\n  $ petition report\n  $ petition report --petition 2017-restore-paris-peace-agreements --year 2017 --json',
  )
  .action(async (opts: { petition: string[]; out: string; year?: string; json?: boolean }) => {
    const { run } = await import('./commands/report.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

// --on is checked with the other facts (core/delivery/post.ts), so that every problem is said at once.
const postDayOption = (what: string) => new Option('--on <date>', `the day it ${what} (YYYY-MM-DD, not in the future; default today)`);

program
  .command('posted')
  .description('record in the ledger that print letters went in the post: the day, the tracking number, the service')
  .argument('<letter-id|addressee-id...>', 'the letters posted: letter ids (petition/addressee/lang) or addressee ids')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('-o, --out <folder>', 'archive folder holding the ledger', 'archive')
  .addOption(postDayOption('was posted'))
  .option('--tracking <number>', "the post's tracking number (one letter at a time, then)")
  .option('--service <name>', 'the postal service or product, e.g. "La Poste, lettre recommandée"')
  .option('--again', 'a second posting of a letter already posted (the first came back, or was lost)')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nOnly print letters (no email). Posting a letter again with the same facts adds nothing; other facts for a posted\nletter are refused (exit 2) unless --again. Every problem is said at once and nothing is written.\n\nExamples:\n  $ petition posted fr-minister --tracking RR123456789FR --service "La Poste"\n  $ petition posted kh-copy fr-minister --on 2026-10-23',
  )
  .action(async (letters: string[], opts: { petition: string[]; roster?: string; out: string; on?: string; tracking?: string; service?: string; again?: boolean; json?: boolean }) => {
    const { runPosted } = await import('./commands/post.js');
    process.exitCode = await runPosted({ ...global(), ...opts, letters, again: Boolean(opts.again), json: Boolean(opts.json) });
  });

program
  .command('returned')
  .description('record in the ledger that a posted letter came back')
  .argument('<letter-id|addressee-id...>', 'the letters that came back: letter ids or addressee ids')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('-o, --out <folder>', 'archive folder holding the ledger', 'archive')
  .addOption(postDayOption('came back'))
  .option('--reason <text>', 'why, as the post says (one line), e.g. "addressee unknown"')
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nOnly a posted letter can come back; to post it again: petition posted --again.\n\nExamples:\n  $ petition returned fr-minister --reason "moved, no forwarding address"')
  .action(async (letters: string[], opts: { petition: string[]; roster?: string; out: string; on?: string; reason?: string; json?: boolean }) => {
    const { runReturned } = await import('./commands/post.js');
    process.exitCode = await runReturned({ ...global(), ...opts, letters, json: Boolean(opts.json) });
  });

program
  .command('approve')
  .description('record that you read the letters and approve them as they are now (their content): send sends a letter only once approved')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .addOption(new Option('--only <letter-id|addressee-id>', 'approve only this letter (repeatable)').argParser(collect).default([]))
  .option('--all', 'approve every letter of the petitions')
  .option('--follow-up', "approve the letters' reminders (petition follow-up) instead of the letters")
  .requiredOption('--by <"name <email>">', 'who approves: your name and email')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nAppends to petitions/<slug>/approvals.jsonl (letter, content hash, who, when) and keeps each approved text in\npetitions/<slug>/approved/: commit both with the petition. A letter changed afterwards needs approving again.\n\nExamples:\n  $ petition approve --all --by "Ada Reviewer <ada@example.org>"\n  $ petition approve --only 2017-restore-paris-peace-agreements/un-secretary-general/en --by "Ada Reviewer <ada@example.org>"',
  )
  .action(async (opts: { petition: string[]; roster?: string; only: string[]; all?: boolean; followUp?: boolean; by: string; json?: boolean }) => {
    const { run } = await import('./commands/approve.js');
    process.exitCode = await run({ ...global(), ...opts, all: Boolean(opts.all), json: Boolean(opts.json) });
  });

program
  .command('approvals')
  .description('list who approved each letter as it is now, and what each letter still lacks before send sends it')
  .addOption(petitionOption())
  .addOption(rosterOption())
  .option('--follow-up', "list the letters' reminders (petition follow-up) instead of the letters")
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  $ petition approvals\n  $ petition approvals --follow-up\n  $ petition approvals --petition 2024-independent-review --json')
  .action(async (opts: { petition: string[]; roster?: string; followUp?: boolean; json?: boolean }) => {
    const { run } = await import('./commands/approvals.js');
    process.exitCode = await run({ ...global(), ...opts, json: Boolean(opts.json) });
  });

const ledger = program
  .command('ledger')
  .description('check the ledger for damage (a crash, a power cut), and rebuild a damaged one from what can be proven')
  .addHelpText('after', '\nExamples:\n  $ petition ledger check\n  $ petition ledger recover --out archive');

const ledgerOutOption = () => new Option('-o, --out <folder>', 'archive folder holding the ledger').default('archive');

ledger
  .command('check')
  .description('read the ledger; print every damaged line and a summary (exit 2 if damaged)')
  .addOption(ledgerOutOption())
  .option('--json', 'machine-readable output')
  .addHelpText('after', '\nExamples:\n  $ petition ledger check\n  $ petition ledger check --out archive --json')
  .action(async (opts: { out: string; json?: boolean }) => {
    const { runCheck } = await import('./commands/ledger.js');
    process.exitCode = await runCheck({ ...global(), ...opts, json: Boolean(opts.json) });
  });

ledger
  .command('recover')
  .description('set a damaged ledger aside and write a new one: every readable record, plus what manifest.json and mail/ prove')
  .addOption(ledgerOutOption())
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nNothing is deleted: the damaged file is kept as ledger.jsonl.damaged-<UTC time>. A letter whose message was prepared\nbut whose fate is unknown is recorded as unknown (never as unsent): send resends it only with --retry-unknown.\n\nExamples:\n  $ petition ledger recover\n  $ petition ledger recover --out archive --json',
  )
  .action(async (opts: { out: string; json?: boolean }) => {
    const { runRecover } = await import('./commands/ledger.js');
    process.exitCode = await runRecover({ ...global(), ...opts, json: Boolean(opts.json) });
  });

ledger
  .command('settle')
  .description('record what you found out about a letter of unknown delivery: --delivered, or --not-delivered to send it again')
  .argument('<letter>', 'the letter id, as `petition status` shows it: <petition>/<addressee>/<lang>')
  .addOption(ledgerOutOption())
  .option('--delivered', 'the addressee has it: send skips it from now on')
  .option('--not-delivered', 'it did not arrive: the next send sends it')
  .requiredOption('--note <text>', 'how you know (one line, kept in the ledger)')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    '\nOnly a letter whose status is unknown can be settled; the record says it was settled by hand, and why.\n\nExamples:\n  $ petition ledger settle 2017-restore-paris-peace-agreements/un-sg/en --delivered --note "receipt confirmed by phone, 25 Oct"\n  $ petition ledger settle 2017-restore-paris-peace-agreements/un-sg/en --not-delivered --note "server log: rejected after DATA"',
  )
  .action(async (letter: string, opts: { out: string; json?: boolean; delivered?: boolean; notDelivered?: boolean; note: string }) => {
    const { runSettle } = await import('./commands/ledger.js');
    process.exitCode = await runSettle({ ...global(), ...opts, letter, delivered: Boolean(opts.delivered), notDelivered: Boolean(opts.notDelivered), json: Boolean(opts.json) });
  });

/** Parsed while commander reads the arguments, so a bad value is reported as a usage error naming the option. */
function wholeNumber(range: WholeNumberRange): (value: string) => number {
  return checked((value) => parseWholeNumber(value, range));
}

function checked<T>(parse: (value: string) => Parsed<T>): (value: string) => T {
  return (value) => {
    const parsed = parse(value);
    if (!parsed.ok) throw new InvalidArgumentError(parsed.message);
    return parsed.value;
  };
}

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Answered before the error reporter is loaded: it brings chalk, and --help is the one start-up a user waits on.
    if (isHelpOrVersion(err)) return ExitCode.ok;
    const { reportError } = await import('./ui/report-error.js');
    return reportError(err, { verbose: Boolean(program.opts<Global>().verbose), color: program.opts<Global>().color });
  }
}

/**
 * A reader that stops early (`petition preview --json | head`) closes the pipe. The command goes on — a send is never
 * cut short by it — and what it would still print is dropped, as a closed terminal would drop it.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);
process.exitCode = await main(process.argv);
