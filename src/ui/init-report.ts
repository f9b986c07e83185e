// What `petition init` prints: the files it made and what to do next, in order.
import type { ChalkInstance } from 'chalk';

export interface InitReport {
  /** The campaign folder as the user gave it, relative to where they stand. */
  folder: string;
  /** Whether the user must `cd` into the folder first. */
  elsewhere: boolean;
  slug: string;
  /** Paths relative to the campaign folder. */
  files: readonly string[];
  roster: { file: string; placeholder: boolean; asOf: string | undefined };
}

export function formatInitReport(report: InitReport, paint: ChalkInstance): string {
  const files = report.files.map((f) => `  ${f}`).join('\n');
  const steps = nextSteps(report)
    .map((step, i) => `  ${i + 1}. ${step}`)
    .join('\n');
  return `${paint.green(`Made a campaign in ${report.folder}:`)}\n${files}\n\n${paint.bold('Next steps:')}\n${steps}`;
}

function nextSteps(report: InitReport): string[] {
  const petition = `petitions/${report.slug}/petition.md`;
  const roster = report.roster.placeholder
    ? `Replace the placeholder addressees in ${report.roster.file} with real ones, each checked at its source (send refuses placeholders).`
    : `Check every addressee in ${report.roster.file} (as of ${report.roster.asOf ?? 'its as_of'}), then update as_of or each verified_on: validate warns and send refuses a roster older than its max_age_days.`;
  return [
    ...(report.elsewhere ? [`cd ${shellWord(report.folder)}`] : []),
    `Edit ${petition}: the text, title, subject, petitioner, to and cc, anniversary (every field says what it is). Its folder name "${report.slug}" is part of every letter's id in the ledger: rename it before the first send, not after.`,
    roster,
    `Put the signature export in petitions/${report.slug}/signatures/online.csv (or change signatures.sources): .gitignore keeps it out of git.`,
    'petition validate',
    'petition preview',
    'petition send --test-to you@example.org --yes   (a test send to yourself; SMTP_URL set)',
    'petition review   (every letter in a browser: open review/index.html)',
    'petition approve --all --by "Your Name <you@example.org>"   (then commit petitions/*/approvals.jsonl and approved/: send sends only approved letters)',
    'petition send',
    'petition status',
    'Scheduled sending: .github/workflows/send-on-anniversary.yml stays off until the repository variable PETITION_SEND_ENABLED is true; read its first lines.',
  ];
}

/** A path as one shell word, quoted only when it must be. */
const shellWord = (text: string): string => (/^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);
