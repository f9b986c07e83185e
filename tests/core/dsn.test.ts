// The ids a message carries so that a bounce names its letter (RFC 3461 ENVID, the VERP token) and their encoding.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dsnMailParameters, dsnRcptParameters, envelopeId, returnPath, returnPathProblem, testEnvelopeId, verpToken, xtext } from '../../src/core/delivery/dsn.js';
import { makeReply, parseCapabilities } from '../../src/core/delivery/smtp-protocol.js';
import { deliveryReportsOf } from '../../src/core/delivery/report.js';

describe('xtext (RFC 3461 §4)', () => {
  it.each([
    { name: 'plain printable ASCII', value: 'abc-XYZ_09@example.org', encoded: 'abc-XYZ_09@example.org' },
    { name: 'a plus', value: 'bounces+1@example.org', encoded: 'bounces+2B1@example.org' },
    { name: 'an equals sign', value: 'a=b', encoded: 'a+3Db' },
    { name: 'a space', value: 'a b', encoded: 'a+20b' },
    { name: 'controls', value: '\r\n\t\x00\x7f', encoded: '+0D+0A+09+00+7F' },
    { name: 'the edges of the plain range', value: '!~', encoded: '!~' },
    { name: 'non-ASCII: each UTF-8 byte', value: 'é', encoded: '+C3+A9' },
    { name: 'non-ASCII: a Khmer letter', value: 'ក', encoded: '+E1+9E+80' },
    { name: 'nothing', value: '', encoded: '' },
  ])('$name', ({ value, encoded }) => {
    expect(xtext(value)).toBe(encoded);
  });

  it('writes only xtext characters, so what it writes needs no encoding again', () => {
    const encoded = xtext('x+y=z ü\u{1F600}');
    expect(encoded).toMatch(/^([!-*,-<>-~]|\+[0-9A-F]{2})*$/);
  });
});

describe('envelopeId and verpToken', () => {
  const ids = ['anniv-2026/un/en', 'anniv-2026/un/fr', 'anniv-2026/fr/en', 'other/un/en'];

  it('is the first 24 hex of sha256 of the letter id: anyone can compute it from the letter alone', () => {
    const id = 'anniv-2026/un/en';
    expect(envelopeId(id)).toBe(createHash('sha256').update(id).digest('hex').slice(0, 24));
    expect(verpToken(id)).toBe(envelopeId(id));
  });

  it.each(ids)('is stable and valid for %s', (id) => {
    expect(envelopeId(id)).toBe(envelopeId(id));
    expect(envelopeId(id)).toMatch(/^[0-9a-f]{24}$/);
    expect(xtext(envelopeId(id))).toBe(envelopeId(id));
    expect(verpToken(id)).toMatch(/^[0-9a-f]+$/);
  });

  it('differs between letters', () => {
    expect(new Set(ids.map(envelopeId)).size).toBe(ids.length);
    expect(new Set(ids.map(verpToken)).size).toBe(ids.length);
  });

  it('is another in a test send, never a real letter’s', () => {
    const real = new Set(ids.map(envelopeId));
    for (const id of ids) {
      expect(testEnvelopeId(id)).toMatch(/^[0-9a-f]{24}$/);
      expect(real.has(testEnvelopeId(id))).toBe(false);
    }
  });
});

describe('returnPath', () => {
  it('fills in the letter’s token', () => {
    const id = 'anniv-2026/un/en';
    expect(returnPath('bounces+{token}@example.org', id)).toBe(`bounces+${verpToken(id)}@example.org`);
    expect(returnPath('{token}@bounces.example.org', id)).toBe(`${verpToken(id)}@bounces.example.org`);
  });

  it.each([
    { template: 'bounces+{token}@example.org', problem: undefined },
    { template: 'b.{token}.x@example.org', problem: undefined },
    { template: 'bounces@example.org', problem: /exactly once/ },
    { template: 'b+{token}{token}@example.org', problem: /exactly once/ },
    { template: 'bounces+{TOKEN}@example.org', problem: /exactly once/ },
    { template: 'bounces@{token}.example.org', problem: /before the @/ },
    { template: 'bounces+{token}', problem: /not an email address/ },
    { template: 'bounces+{token}@example', problem: /not an email address/ },
    { template: 'b o+{token}@example.org', problem: /not an email address/ },
    { template: '<bounces+{token}@example.org>', problem: /not an email address/ },
    { template: 'bounces+{token}@exämple.org', problem: /not an email address/ },
  ])('$template', ({ template, problem }) => {
    const found = returnPathProblem(template);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('refuses to fill in a bad template', () => {
    expect(() => returnPath('bounces@example.org', 'p/a/en')).toThrow(/exactly once/);
  });
});

describe('the DSN parameters', () => {
  it('MAIL FROM asks for headers only, with the ENVID in xtext', () => {
    expect(dsnMailParameters('0123abcd')).toBe(' RET=HDRS ENVID=0123abcd');
    expect(dsnMailParameters('a+b')).toBe(' RET=HDRS ENVID=a+2Bb');
    expect(dsnMailParameters(undefined)).toBe(' RET=HDRS');
  });

  it.each([
    { address: 'un@example.org', parameters: ' NOTIFY=FAILURE,DELAY ORCPT=rfc822;un@example.org' },
    { address: 'a+b=c@example.org', parameters: ' NOTIFY=FAILURE,DELAY ORCPT=rfc822;a+2Bb+3Dc@example.org' },
    // rfc822 ORCPT is for ASCII addresses; an internationalised one goes without (RFC 6533 has a type of its own).
    { address: 'ministre@exämple.org', parameters: ' NOTIFY=FAILURE,DELAY' },
  ])('RCPT TO $address', ({ address, parameters }) => {
    expect(dsnRcptParameters(address)).toBe(parameters);
  });

  it.each([
    { lines: ['mx.example.org', 'PIPELINING', 'DSN'], dsn: true },
    { lines: ['mx.example.org', 'dsn'], dsn: true },
    { lines: ['mx.example.org', 'PIPELINING', '8BITMIME'], dsn: false },
    { lines: ['DSN'], dsn: false }, // the first line is the server's name
  ])('EHLO $lines offers DSN: $dsn', ({ lines, dsn }) => {
    expect(parseCapabilities(makeReply(250, lines)).dsn).toBe(dsn);
  });

  it.each([
    { tally: { requested: 0, notRequested: 0 }, reports: undefined },
    { tally: { requested: 3, notRequested: 0 }, reports: 'requested' },
    { tally: { requested: 0, notRequested: 2 }, reports: 'not-offered' },
    { tally: { requested: 1, notRequested: 2 }, reports: 'mixed' },
  ])('a run whose accepted messages are $tally reports $reports', ({ tally, reports }) => {
    expect(deliveryReportsOf(tally)).toBe(reports);
  });
});
