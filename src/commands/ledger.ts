import { resolve } from 'node:path';
import { damageProblems, recoveryHint, type LedgerCheck } from '../core/delivery/ledger-scan.js';
import { ExitCode, InputError, problem } from '../core/errors.js';
import { ledgerCheckJson, ledgerRecoverJson, ledgerSettleJson } from '../core/json.js';
import type { Problem } from '../core/types.js';
import { archiveEvidence } from '../io/ledger/evidence.js';
import { missingLedgerProblem, scanLedgerFile, shownLedger } from '../io/ledger/journal.js';
import { recoverLedger } from '../io/ledger/recover.js';
import { settleLetter } from '../io/ledger/settle.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { displayPath } from '../io/project.js';
import { formatLedgerCheck, formatLedgerRecovery } from '../ui/ledger-report.js';
import { createTerminal, printProblems } from '../ui/terminal.js';

export interface LedgerOptions {
  cwd: string;
  out: string;
  json: boolean;
  color?: boolean | undefined;
}

/** `petition ledger check`: every damaged line and a summary; exit 2 when the ledger cannot be trusted. */
export async function runCheck(options: LedgerOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const { out, shown } = folders(options);
  await checkOutFolder(out, shown, 'read');
  const ledger = shownLedger(shown);
  const scan = await scanLedgerFile(out);
  const problems: Problem[] = scan
    ? damageProblems(scan, ledger, recoveryHint(shown))
    : await archiveEvidence(out, shown).then((e) => (e.length > 0 ? [missingLedgerProblem(ledger, e, recoveryHint(shown))] : []));
  const check: LedgerCheck = { ledger, scan, problems };
  if (options.json) term.json(ledgerCheckJson(check));
  else {
    printProblems(term, problems);
    term.out(formatLedgerCheck(check, shown, { color: term.color }));
  }
  return problems.length > 0 ? ExitCode.badInput : ExitCode.ok;
}

/** `petition ledger recover`: sets a damaged ledger aside and writes one with what can be read and proven. */
export async function runRecover(options: LedgerOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const { out, shown } = folders(options);
  await checkOutFolder(out, shown, 'write');
  const result = await recoverLedger(out);
  const ledger = shownLedger(shown);
  if (options.json) term.json(ledgerRecoverJson(result, ledger));
  else term.out(formatLedgerRecovery(result, ledger, shown, { color: term.color }));
  return ExitCode.ok;
}

export interface SettleOptions extends LedgerOptions {
  letter: string;
  delivered: boolean;
  notDelivered: boolean;
  note: string;
}

/** `petition ledger settle`: records what a person found out about a letter of unknown delivery. */
export async function runSettle(options: SettleOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const { out, shown } = folders(options);
  const problems: Problem[] = [];
  if (options.delivered === options.notDelivered) problems.push(problem('command line', undefined, '--delivered', 'give exactly one of --delivered and --not-delivered'));
  problems.push(...noteProblems(options.note));
  if (problems.length > 0) throw new InputError(problems);
  const as = options.delivered ? 'delivered' : 'not-delivered';
  const record = await settleLetter(out, options.letter, as, options.note.trim(), { shownAs: shown });
  if (options.json) term.json(ledgerSettleJson({ letter: record.letter, settled_as: as, at: record.at, ledger: shownLedger(shown) }));
  else term.out(`${shownLedger(shown)}: ${record.letter}: settled by hand as ${as === 'delivered' ? 'delivered (send skips it from now on)' : 'not delivered (the next send sends it)'}`);
  return ExitCode.ok;
}

function noteProblems(note: string): Problem[] {
  const text = note.trim();
  if (text === '') return [problem('command line', undefined, '--note', 'is empty', 'say how you know, e.g. --note "the ministry confirmed receipt on 2026-10-25"')];
  if (text.length > 300 || /[\u0000-\u001f\u007f-\u009f]/.test(text)) return [problem('command line', undefined, '--note', 'must be one line of at most 300 characters')];
  return [];
}

function folders(options: LedgerOptions): { out: string; shown: string } {
  const out = resolve(options.cwd, options.out);
  return { out, shown: displayPath(out, options.cwd) };
}
