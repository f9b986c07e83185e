// A CR or LF in a header-bound field would let a letter rewrite its own headers (or add recipients): refuse it.
import { problem } from '../errors.js';
import { isEmailAddress } from '../fields.js';
import { hasLineBreak } from '../text-policy.js';
import type { Letter, MailAddress, Problem } from '../types.js';

/** Every reason the letter's header-bound fields cannot go on the wire, as problems on the letter id. */
export function headerProblems(letter: Letter): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string, hint?: string): void => {
    problems.push({ severity: 'error', file: letter.id, field, message, hint });
  };
  const text = (field: string, value: string | undefined): void => {
    if (value !== undefined && hasLineBreak(value)) add(field, 'contains a line break', 'a header value must be one line');
  };
  const address = (field: string, value: MailAddress | undefined): void => {
    if (!value) return;
    text(`${field}.name`, value.name);
    text(`${field}.address`, value.address);
    if (!hasLineBreak(value.address) && !isEmailAddress(value.address)) add(`${field}.address`, `"${value.address}" is not an email address`);
  };
  text('id', letter.id);
  text('subject', letter.subject);
  if (letter.subject.trim() === '') add('subject', 'is empty');
  if (!letter.from) add('from', 'is missing', 'the petition needs a sender email');
  address('from', letter.from);
  address('replyTo', letter.replyTo);
  if (letter.to.length === 0) add('to', 'has no address', "an email letter needs the addressee's email, or channel print");
  letter.to.forEach((a, i) => address(`to[${i}]`, a));
  letter.cc.forEach((a, i) => address(`cc[${i}]`, a));
  for (const [i, a] of letter.attachments.entries()) text(`attachments[${i}].filename`, a.filename);
  return problems;
}

/** `--test-to` replaces every recipient, so it must be exactly one deliverable address (no list, no name, one line). */
export function testAddressProblems(testTo: string | undefined): Problem[] {
  if (testTo === undefined || (!hasLineBreak(testTo) && isEmailAddress(testTo))) return [];
  return [problem('command line', undefined, '--test-to', 'is not one email address', 'give exactly one address, e.g. --test-to me@example.org')];
}
