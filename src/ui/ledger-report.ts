// What `petition ledger check` and `petition ledger recover` print on the terminal (their --json is core/json.ts).
import { Chalk } from 'chalk';
import { lettersByStatus, type LetterStatus } from '../core/delivery/ledger.js';
import type { LedgerCheck } from '../core/delivery/ledger-scan.js';
import type { LedgerRecovery } from '../core/delivery/ledger-recovery.js';
import { table } from './terminal.js';

const STATUSES: readonly LetterStatus[] = ['sent', 'failed', 'unknown', 'queued'];

export function formatLedgerCheck(check: LedgerCheck, out: string, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const counts = lettersByStatus(check.scan?.records ?? []);
  const byStatus = STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const lines = [check.scan ? `${check.ledger}: ${check.scan.records.length} record(s) about ${counts.total} letter(s)${byStatus ? `: ${byStatus}` : ''}` : `${check.ledger}: no ledger`];
  if (check.scan?.tornLastLine !== undefined) lines.push(`torn last line ${check.scan.tornLastLine}: an interrupted write, ignored`);
  for (const line of check.scan?.closedTornLines ?? []) lines.push(`torn line ${line}: an interrupted write closed by a later run, ignored`);
  lines.push(
    check.problems.length === 0
      ? c.green(check.scan ? 'ok: the ledger can be trusted' : 'ok: nothing has been sent from this archive')
      : c.red(`damaged: ${check.problems.length} problem(s); send and status stop until \`petition ledger recover --out ${out}\``),
  );
  return lines.join('\n');
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
