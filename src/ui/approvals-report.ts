// What `petition approve` and `petition approvals` print on the terminal (their --json is core/approval-json.ts).
import type { ChalkInstance } from 'chalk';
import { lackingReason, type Approver, type LetterApproval } from '../core/approval.js';
import { table } from './terminal.js';

export function formatApproved(by: Approver, approved: number, already: number, files: readonly string[], paint: ChalkInstance): string {
  const lines = [paint.green(`approved ${approved} letter(s) as ${by.name} <${by.email}>`) + (already > 0 ? ` (${already} already approved by you as they are)` : '')];
  if (files.length > 0) lines.push(`wrote ${files.join(', ')} and the approved texts beside it: commit them with the petition`);
  return lines.join('\n');
}

export interface PetitionApprovals {
  petition: string;
  required: number;
  approvals: readonly LetterApproval[];
}

const STATE_ORDER: Record<LetterApproval['state'], number> = { changed: 0, pending: 1, approved: 2 };

export function formatApprovals(petitions: readonly PetitionApprovals[], paint: ChalkInstance): string {
  const shade = (a: LetterApproval) => (a.state === 'approved' ? paint.green : a.state === 'changed' ? paint.red : paint.yellow)(a.state);
  return petitions
    .map(({ petition, required, approvals }) => {
      const rows = [...approvals].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]).map((a) => [a.letter, shade(a), lackingReason(a)]);
      const approved = approvals.filter((a) => a.state === 'approved').length;
      const head = `${paint.bold(petition)}: ${approved} of ${approvals.length} letter(s) approved (${required} approver(s) each)`;
      return `${head}\n${table([['letter', 'state', 'approvals'], ...rows], { header: true, paint })}`;
    })
    .join('\n\n');
}
