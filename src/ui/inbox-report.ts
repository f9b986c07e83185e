// What `petition inbox` prints: each message matched to its letter, the unmatched ones with why, and a summary.
import type { ChalkInstance } from 'chalk';
import type { StateCounts, YearReport } from '../core/inbox/accountability.js';
import type { StatusRow } from '../core/delivery/status.js';
import type { InboxOutcome } from '../core/inbox/plan.js';
import { table } from './terminal.js';

/** A field from a message on one line: a line break in a subject must not fake a line of the report. */
const oneLine = (text: string | undefined): string => (text ?? '').replace(/[\r\n\u2028\u2029]+/g, ' ');

export function formatInbox(source: string, outcomes: readonly InboxOutcome[], recorded: number, marked: number, paint: ChalkInstance): string {
  const matched = outcomes.filter((o) => o.letter !== undefined);
  const unmatched = outcomes.filter((o) => o.letter === undefined);
  const lines = [`${paint.bold(source)}: ${outcomes.length} message(s)`];
  if (matched.length > 0)
    lines.push(
      table(
        [
          ['letter', 'event', 'date', 'from', 'matched by'],
          ...matched.map((o) => [o.letter ?? '', o.recordedBefore ? `${o.event ?? ''} (recorded before)` : (o.event ?? ''), o.date?.slice(0, 10) ?? '', oneLine(o.from), o.matchedBy ?? '']),
        ],
        { header: true, paint },
      ),
    );
  if (unmatched.length > 0) {
    lines.push(paint.yellow(`${unmatched.length} message(s) match no letter; read them yourself:`));
    for (const o of unmatched) lines.push(`  ${o.ref}: ${oneLine(o.from) || 'no sender'} — "${oneLine(o.subject)}": ${oneLine(o.why ?? o.kind)}`);
  }
  const before = matched.filter((o) => o.recordedBefore).length;
  lines.push(paint.green(`recorded ${recorded} event(s) in the ledger${before > 0 ? `; ${before} message(s) were recorded before` : ''}${marked > 0 ? `; marked ${marked} seen` : ''}`));
  return lines.join('\n');
}

/** One table per petition and year: a row per state, then the letters that bounced and what to do. */
export function formatAccountability(reports: readonly YearReport[], bounced: readonly StatusRow[], paint: ChalkInstance): string {
  if (reports.length === 0) return 'Nothing in this archive yet: no letter was sent or rendered.';
  const header = ['state', 'letters', 'sent', 'delivered', 'bounced', 'acknowledged', 'replied', 'reminded', 'silent', 'print', 'posted', 'returned', 'days to reply'];
  const cells = (s: StateCounts) => [
    s.state,
    ...[s.letters, s.sent, s.delivered, s.bounced, s.acknowledged, s.replied, s.reminded, s.silent, s.print, s.posted, s.returned].map(String),
    s.daysToFirstReply === undefined ? '' : String(s.daysToFirstReply),
  ];
  const blocks = reports.map((r) => `${paint.bold(`${r.petition}, ${r.year}`)}\n${table([header, ...r.states.map(cells), cells(r.total)], { header: true, paint })}`);
  const bounces = bounced.map((r) => paint.yellow(`${r.id} bounced${r.deliveryReport?.status ? ` (${r.deliveryReport.status})` : ''}: ${r.hint ?? ''}`));
  return [...blocks, ...bounces].join('\n\n');
}
