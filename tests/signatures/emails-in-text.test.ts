// Addresses inside free text, found by one pattern: masked in rejects, left out of the annex's names.
import { describe, expect, it } from 'vitest';
import { maskEmailsIn, withoutEmails } from '../../src/core/signatures/email.js';

describe('emails inside text', () => {
  it.each([
    ['Sok Dara sok.dara@example.org', 'Sok Dara …', 'Sok Dara s***@example.org'],
    ['Sok Dara <sok@example.org>', 'Sok Dara …', 'Sok Dara <s***@example.org>'],
    ['a@b', '…', 'a***@b'],
    ['one@example.org, two@example.org', '… …', 'o***@example.org, t***@example.org'],
    ['a@b@c', '…', 'a***@c'],
    ['no address here', 'no address here', 'no address here'],
  ])('%j', (text, annex, masked) => {
    expect(withoutEmails(text, '…')).toBe(annex);
    expect(maskEmailsIn(text)).toBe(masked);
  });

  it.each([['"jane"@example.org'], ['(jane)@example.org'], ['jane)@example.org'], ['jane.doe@(comment)example.org'], ["sean.o'brien@example.com"], ['a,b@c.org']])(
    'leaves nothing of %s in an annex name, and only its first character in a reject',
    (address) => {
      expect(withoutEmails(`Name ${address} more`, '…')).toBe('Name … more');
      // A reject keeps the first character and the domain, never the rest of the local part.
      const masked = maskEmailsIn(`Name ${address} more`);
      expect(masked).toMatch(/^Name ["'<([]?\w\*\*\*@\S+ more$/);
      expect(masked).not.toContain(address.split('@')[0]!.slice(2));
    },
  );

  it('takes linear time on a long run with no address in it', () => {
    const long = `${'x'.repeat(500_000)} ${'y'.repeat(500_000)}@`;
    const start = performance.now();
    expect(withoutEmails(long, '…')).toBe(long);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
