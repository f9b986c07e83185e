import { resolve } from 'node:path';
import { damageProblems, recoveryHint } from '../core/delivery/ledger-scan.js';
import { ExitCode } from '../core/errors.js';
import type { Problem } from '../core/types.js';
import { archiveEvidence } from '../io/ledger/evidence.js';
import { missingLedgerProblem, scanLedgerFile, shownLedger } from '../io/ledger/journal.js';
import { recoverLedger } from '../io/ledger/recover.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { displayPath } from '../io/project.js';
import { formatLedgerCheck, formatLedgerRecovery, ledgerCheckJson, ledgerRecoveryJson, type LedgerCheck } from '../ui/ledger-report.js';
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
  if (options.json) term.out(JSON.stringify(ledgerCheckJson(check), null, 2));
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
  term.out(options.json ? JSON.stringify(ledgerRecoveryJson(result, ledger), null, 2) : formatLedgerRecovery(result, ledger, shown, { color: term.color }));
  return ExitCode.ok;
}

function folders(options: LedgerOptions): { out: string; shown: string } {
  const out = resolve(options.cwd, options.out);
  return { out, shown: displayPath(out, options.cwd) };
}
