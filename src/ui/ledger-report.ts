// Output of `petition ledger check` and `petition ledger recover`: a short summary, or one JSON object (snake_case).
import { Chalk } from 'chalk';
import { foldLedger, type LetterStatus } from '../core/delivery/ledger.js';
import type { LedgerScan } from '../core/delivery/ledger-scan.js';
import type { Problem } from '../core/types.js';
import type { LedgerRecovery } from '../core/delivery/ledger-recovery.js';
import { table } from './terminal.js';

export interface LedgerCheck {
  /** The ledger as the user knows it, e.g. `archive/ledger.jsonl`. */
  ledger: string;
  /** Undefined when there is no ledger file. */
  scan: LedgerScan | undefined;
  problems: Problem[];
}

const STATUSES: readonly LetterStatus[] = ['sent', 'failed', 'unknown', 'queued'];

function letterCounts(scan: LedgerScan | undefined): Record<LetterStatus, number> & { total: number } {
  const counts = { total: 0, sent: 0, failed: 0, unknown: 0, queued: 0 };
  for (const letter of foldLedger(scan?.records ?? []).letters.values()) {
    counts.total += 1;
    counts[letter.status] += 1;
  }
  return counts;
}

export function formatLedgerCheck(check: LedgerCheck, out: string, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const counts = letterCounts(check.scan);
  const byStatus = STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');
  const lines = [
    check.scan
      ? `${check.ledger}: ${check.scan.records.length} record(s) about ${counts.total} letter(s)${byStatus ? `: ${byStatus}` : ''}`
      : `${check.ledger}: no ledger`,
  ];
  if (check.scan?.tornLastLine !== undefined) lines.push(`torn last line ${check.scan.tornLastLine}: an interrupted write, ignored`);
  for (const line of check.scan?.closedTornLines ?? []) lines.push(`torn line ${line}: an interrupted write closed by a later run, ignored`);
  lines.push(
    check.problems.length === 0
      ? c.green(check.scan ? 'ok: the ledger can be trusted' : 'ok: nothing has been sent from this archive')
      : c.red(`damaged: ${check.problems.length} problem(s); send and status stop until \`petition ledger recover --out ${out}\``),
  );
  return lines.join('\n');
}

export function ledgerCheckJson(check: LedgerCheck): object {
  return {
    ledger: check.ledger,
    exists: check.scan !== undefined,
    clean: check.problems.length === 0,
    records: check.scan?.records.length ?? 0,
    letters: letterCounts(check.scan),
    torn_last_line: check.scan?.tornLastLine ?? null,
    closed_torn_lines: check.scan?.closedTornLines ?? [],
    problems: check.problems.map((p) => ({ line: p.line ?? null, field: p.field ?? null, message: p.message })),
  };
}

export function formatLedgerRecovery(result: LedgerRecovery, ledger: string, out: string, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  if (!result.changed) return c.green(`nothing to recover: ${ledger} is readable (${result.kept} record(s)); nothing was changed`);
  const lines: string[] = [];
  if (result.movedTo) lines.push(`set the damaged ledger aside as ${out}/${result.movedTo} (damaged line(s): ${result.damage.map((d) => d.line).join(', ')})`);
  else lines.push(`${ledger} was missing`);
  lines.push(`wrote ${ledger}: ${result.kept} readable record(s) kept, ${result.recovered.length} recovered from the archive`);
  if (result.recovered.length > 0) {
    const rows = result.recovered.map((r) => [r.event, r.letter, r.recovered ?? '', r.messageId ?? '']);
    lines.push(table([['event', 'letter', 'proven by', 'message-id'], ...rows], { header: true, paint: c }));
  }
  const unknown = result.recovered.filter((r) => r.event === 'unknown').length;
  if (unknown > 0) lines.push(c.yellow(`${unknown} letter(s) may have been sent: \`petition send\` reports them and resends them only with --retry-unknown`));
  return lines.join('\n');
}

export function ledgerRecoveryJson(result: LedgerRecovery, ledger: string): object {
  return {
    ledger,
    changed: result.changed,
    missing: result.missing,
    damaged_lines: result.damage.map((d) => ({ line: d.line, field: d.field ?? null, message: d.message })),
    moved_to: result.movedTo ?? null,
    kept_records: result.kept,
    recovered: result.recovered.map((r) => ({ letter: r.letter, event: r.event, proven_by: r.recovered ?? null, message_id: r.messageId ?? null, at: r.at })),
  };
}
