// What petition review prints: where the site is and how many letters are approved, pending or changed.
import type { ReviewLetter } from '../core/review/model.js';
import type { Terminal } from './terminal.js';

export function formatReviewReport(index: string, letters: readonly ReviewLetter[], term: Terminal): string {
  const counts = { approved: 0, pending: 0, changed: 0 };
  for (const l of letters) counts[l.state]++;
  const summary = `${letters.length} letters: ${counts.approved} approved, ${counts.pending} pending, ${counts.changed} changed since approved`;
  return `${term.paint.green(`wrote the review site: open ${index}`)}\n${summary}`;
}
