import type { PetitionPlan } from '../core/campaign.js';
import type { Letter, MailAddress } from '../core/types.js';
import { stateLabel } from '../core/roster.js';
import { table, type Terminal } from './terminal.js';

const address = (a: MailAddress) => `${a.name} <${a.address}>`;

/** One letter as the addressee will get it: headers, then the text. */
export function formatLetter(letter: Letter, index: number, count: number, term: Terminal): string {
  const { paint } = term;
  const title = `── ${index}/${count}  ${letter.id} `;
  const rows: [string, string][] = [
    ['To', letter.to.length > 0 ? letter.to.map(address).join(', ') : `${letter.document.addresseeBlock[0] ?? letter.addresseeId} (no email: print letter)`],
    ['Cc', letter.cc.length > 0 ? letter.cc.map(address).join(', ') : '—'],
    ['From', letter.from ? address(letter.from) : '— (petitioner has no email)'],
    ...(letter.replyTo ? ([['Reply-To', address(letter.replyTo)]] as [string, string][]) : []),
    ['Subject', letter.subject],
    ['Language', letter.language],
    ['Channel', letter.channel === 'email' ? 'email' : 'print (no email address in the roster)'],
    ['Role', letter.document.isCopy ? 'copy for information' : 'addressee'],
    ['Attachments', letter.attachments.map((a) => a.filename).join(', ') || '—'],
    ['Address', letter.document.addresseeBlock.join(' / ')],
  ];
  const header = rows.map(([k, v]) => `${paint.dim(`${k}:`.padEnd(13))}${v}`).join('\n');
  return `${paint.bold.cyan(title + '─'.repeat(Math.max(4, 78 - title.length)))}\n${header}\n\n${letter.text}`;
}

export function formatSummary(plans: readonly PetitionPlan[], term: Terminal): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const rows = [
    ['Petition', 'Letters', 'Email', 'Print', 'Signatures', 'Countries', 'States without addressee'],
    ...plans.map((p) => [
      p.petition.slug,
      n(p.letters.length),
      n(p.letters.filter((l) => l.channel === 'email').length),
      n(p.letters.filter((l) => l.channel === 'print').length),
      p.tally.declaredTotal > 0 ? `${n(p.tally.total)} (${n(p.tally.unique)} + ${n(p.tally.declaredTotal)} declared)` : n(p.tally.total),
      n(p.tally.countries),
      p.uncoveredStates.map(stateLabel).join(', ') || '—',
    ]),
  ];
  return table(rows, { header: true, paint: term.paint });
}
