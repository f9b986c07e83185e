// Addresses inside free text, found by one pattern: masked in rejects, left out of the annex's names.
import { describe, expect, it } from 'vitest';
import { maskEmailsIn, withoutEmails } from '../../src/core/signatures/email.js';

describe('emails inside text', () => {
  it.each([
    ['Sok Dara sok.dara@example.org', 'Sok Dara …', 'Sok Dara s***@example.org'],
    ['Sok Dara <sok@example.org>', 'Sok Dara <…>', 'Sok Dara <s***@example.org>'],
    ['a@b', '…', 'a***@b'],
    ['one@example.org, two@example.org', '…, …', 'o***@example.org, t***@example.org'],
    ['a@b@c', '…@c', 'a***@b@c'],
    ['no address here', 'no address here', 'no address here'],
  ])('%j', (text, annex, masked) => {
    expect(withoutEmails(text, '…')).toBe(annex);
    expect(maskEmailsIn(text)).toBe(masked);
  });

  it('takes linear time on a long run with no address in it', () => {
    const long = `${'x'.repeat(500_000)} ${'y'.repeat(500_000)}@`;
    const start = performance.now();
    expect(withoutEmails(long, '…')).toBe(long);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
