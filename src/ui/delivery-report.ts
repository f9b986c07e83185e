// Terminal tables for `send` (what this run did) and `status` (what the ledger says). Plain text when color is off.
import { followedUpId } from '../core/follow-up.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { PlanSummary } from '../core/delivery/plan.js';
import type { StatusReport, StatusRow } from '../core/delivery/status.js';
import type { DeliveryReport, OutcomeStatus } from '../core/delivery/report.js';
import { table } from './terminal.js';

export interface FormatOptions {
  color: boolean;
}

/** A table whose third column is a status, painted in its colour. */
const statusTable = (header: string[], rows: string[][], paintStatus: (status: string, text: string) => string): string =>
  table([header, ...rows], { header: true, style: (row, cell, i) => (i === 2 ? paintStatus(row[2] ?? '', cell) : cell) });

const statusPainter =
  (c: ChalkInstance) =>
  (status: string, text: string): string => {
    switch (status) {
      case 'sent':
      case 'posted':
        return c.green(text);
      case 'failed':
      case 'returned':
        return c.red(text);
      case 'unknown':
      case 'changed':
        return c.yellow(text);
      case 'print':
        return c.cyan(text);
      default:
        return c.dim(text);
    }
  };

const time = (iso: string | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

/** The letters `follow-up` does not remind, each with why (printed before it sends). */
export function formatNotDue(notDue: readonly { id: string; reason: string }[], options: FormatOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return [c.bold(`not reminded (${notDue.length}):`), table([['letter', 'why'], ...notDue.map((n) => [n.id, n.reason])], { header: true })].join('\n');
}

export function formatDeliveryReport(report: DeliveryReport, options: FormatOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paintStatus = statusPainter(c);
  const lines: string[] = [];
  if (report.testMode) lines.push(c.bold(`TEST RUN: every letter went to ${report.testTo} with "[TEST] " in the subject and no Cc; the ledger was left alone.`));
  for (const w of report.warnings) lines.push(c.yellow(`warning: ${w}`));
  if (report.idle) {
    lines.push(report.idle);
    return lines.join('\n');
  }
  const shown = report.outcomes.filter((o) => o.action !== 'skip-not-selected');
  const rows = shown.map((o) => [o.id, o.name, o.status, time(o.at), o.messageId && o.status === 'sent' ? `${o.messageId} ${o.response ?? ''}`.trim() : o.reason]);
  if (rows.length > 0) lines.push(statusTable(['letter', 'addressee', 'status', 'time', 'message-id / reason'], rows, paintStatus));
  lines.push(summaryLine(report.counts, c));
  const reports = deliveryReportsLine(report);
  if (reports) lines.push(reports);
  if (report.stopped) lines.push(c.red(report.stopped));
  const unknown = report.counts.unknown;
  if (unknown > 0) {
    lines.push(
      c.yellow(
        `${unknown} letter(s) may or may not have been delivered: the message reached the server and no reply came back (or the process stopped mid-send). They are never sent again by themselves.`,
      ),
    );
    for (const o of report.outcomes) if (o.status === 'unknown' && o.hint) lines.push(c.yellow(`  ${o.id}: ${o.hint}`));
  }
  if (report.counts.print > 0) lines.push(c.cyan(`${report.counts.print} print letter(s) are in ${report.out}/letters, to be posted.`));
  return lines.join('\n');
}

function summaryLine(counts: Record<OutcomeStatus, number>, c: ChalkInstance): string {
  const parts = [
    c.green(`${counts.sent} sent`),
    counts.failed ? c.red(`${counts.failed} failed`) : `0 failed`,
    counts.unknown ? c.yellow(`${counts.unknown} unknown`) : `0 unknown`,
    `${counts.skipped} skipped`,
    `${counts.print} print`,
  ];
  if (counts['not-attempted']) parts.push(c.red(`${counts['not-attempted']} not attempted`));
  return parts.join(', ');
}

/** Whether a bounce can be matched to its letter by a delivery report (DSN), and how else. */
function deliveryReportsLine({ deliveryReports, returnPath }: DeliveryReport): string | undefined {
  const by = returnPath ? 'the return path and Message-ID' : 'Message-ID';
  if (deliveryReports === 'requested') return `delivery reports (DSN) requested for every message${returnPath ? '; each letter has a return path of its own' : ''}`;
  if (deliveryReports === 'not-offered') return `the server offers no DSN: bounces are matched by ${by} only`;
  if (deliveryReports === 'mixed') return `delivery reports (DSN) requested for some messages only (not every connection offered DSN); the others' bounces are matched by ${by}`;
  return undefined;
}

/** One line for a confirmation prompt. */
export function formatPlanSummary(summary: PlanSummary): string {
  const parts = Object.entries(summary.byAction).map(([action, n]) => `${n} ${action}`);
  return `${summary.toSend} of ${summary.total} letter(s) to send (${parts.join(', ')})`;
}

/** `petition status` as a table; a roster column when the letters come from more than one roster. */
export function formatStatus(report: StatusReport, options: FormatOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const paintStatus = statusPainter(c);
  const rows = report.letters;
  const lines = report.warnings.map((w) => c.yellow(`warning: ${w}`));
  if (rows.length === 0) return [...lines, 'The ledger is empty: nothing has been sent from this archive.'].join('\n');
  const withRoster = report.rosters.length > 1;
  const rosterCell = (r: StatusRow): string => (r.roster ? `${r.roster.id}${r.roster.sha256 ? `@${r.roster.sha256.slice(0, 8)}` : ''}` : '');
  // What came back after sending (petition inbox), once anything has: delivery reports and replies.
  const afterSend = rows.some((r) => r.deliveryReport ?? r.reply);
  const posted = rows.some((r) => r.post);
  const header = ['letter', 'addressee', 'status', 'time', ...(withRoster ? ['roster'] : []), ...(afterSend ? ['delivery', 'reply'] : []), ...(posted ? ['post'] : []), 'message-id / reason'];
  const cells = rows.map((r) => [
    r.id,
    r.addressee,
    r.status,
    time(r.time),
    ...(withRoster ? [rosterCell(r)] : []),
    ...(afterSend ? [deliveryCell(r), replyCell(r)] : []),
    ...(posted ? [postCell(r)] : []),
    r.status === 'sent' ? [r.messageId, r.reason].filter(Boolean).join(' — ') : (r.reason ?? ''),
  ]);
  lines.push(statusTable(header, cells, paintStatus));
  // Reminders (petition follow-up) are counted apart: "sent" counts letters.
  const reminders = rows.filter((r) => followedUpId(r.id));
  const count = (s: StatusRow['status']): number => rows.filter((r) => r.status === s && !followedUpId(r.id)).length;
  const remindersSent = reminders.filter((r) => r.status === 'sent' || r.status === 'changed').length;
  // A letter changed since it was sent was still sent: the count never falls below what the ledger holds.
  const changedSince = count('changed') > 0 ? ` (${count('changed')} changed since)` : '';
  // Print letters side by side with the email ones: how many there are, and of them how many are posted or came back.
  const print = count('print') + count('posted') + count('returned');
  const inPost = posted ? ` (${count('posted')} posted, ${count('returned')} returned)` : '';
  lines.push(
    `${count('sent') + count('changed')} sent${changedSince}, ${count('failed')} failed, ${count('unknown')} unknown, ${count('not sent') + count('queued')} not sent, ${print} print${inPost}${reminders.length > 0 ? `; ${remindersSent} reminder(s) sent` : ''}`,
  );
  for (const r of rows) if (r.hint) lines.push(c.yellow(`${r.id}: ${r.hint}`));
  return lines.join('\n');
}

/** posted 2026-10-23 RR123456789FR (La Poste) | returned 2026-11-02: moved (posted 2026-10-23). */
function postCell(r: StatusRow): string {
  const p = r.post;
  if (!p) return '';
  const facts = [p.tracking, p.service && `(${p.service})`].filter(Boolean).join(' ');
  if (p.state === 'posted') return [`posted ${p.postedOn}`, facts].filter(Boolean).join(' ');
  return `returned ${p.on}${p.reason ? `: ${p.reason}` : ''} (posted ${p.postedOn}${facts ? ` ${facts}` : ''})`;
}

/** delivered | bounced 5.1.1 | delayed | no report (a sent letter nothing came back about). */
function deliveryCell(r: StatusRow): string {
  const d = r.deliveryReport;
  if (d) return [d.state, d.status].filter(Boolean).join(' ');
  return r.status === 'sent' || r.status === 'changed' ? 'no report' : '';
}

/** replied on 2017-11-06 | auto-reply | none. */
function replyCell(r: StatusRow): string {
  if (r.reply) return r.reply.state === 'replied' ? `replied on ${r.reply.date.slice(0, 10)}` : 'auto-reply';
  return r.status === 'sent' || r.status === 'changed' ? 'none' : '';
}
