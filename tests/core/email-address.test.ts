// One email syntax: the signers' rule (isEmail); an address written into a mail header adds only header safety to it.
import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../src/core/fields.js';
import { isEmail } from '../../src/core/signatures/email.js';

describe('isEmailAddress', () => {
  it.each([
    ['jane.doe@example.org', true, true],
    ['ministre+petition@example.fr', true, true],
    ['a@b..org', false, false], // an empty label (the header rule let it through before it asked isEmail)
    ['jane\u202e@example.org', false, false], // a bidi override
    ['jane@example.o', false, true], // a one-letter top-level domain: a signer's typo to count, not an address to send to
    ['"jane"@example.org', false, true], // quotes delimit in a header
    ['jane@example.org>', false, true],
    ['jane@localhost', false, false],
    ['jane example@example.org', false, false],
  ])('%j: address %s, signer email %s', (value, address, signer) => {
    expect(isEmailAddress(value)).toBe(address);
    expect(isEmail(value)).toBe(signer);
  });
});
