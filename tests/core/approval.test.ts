// Approval bound to content, as data: who approved which content hash, what each letter lacks, what a damaged
// approvals file says at which line.
import { describe, expect, it } from 'vitest';
import { approvalLine, approvalRefusal, lackingReason, letterApprovals, newApprovals, parseApprovals, parseApprover, reviewText, type ApprovalRecord } from '../../src/core/approval.js';
import type { Letter } from '../../src/core/types.js';

const hash = (c: string) => c.repeat(64);
const ada = { name: 'Ada Reviewer', email: 'ada@example.org' };
const bo = { name: 'Bo Checker', email: 'bo@example.org' };
const record = (letter: string, content: string, by = ada, at = '2026-10-01T10:00:00.000Z'): ApprovalRecord => ({ version: 1, letter, content_hash: hash(content), by, at });

const letter = (id: string, content: string): Letter =>
  ({
    id,
    petition: id.split('/')[0],
    addresseeId: id.split('/')[1],
    language: 'en',
    channel: 'email',
    contentHash: hash(content),
    from: { name: 'Committee', address: 'committee@example.org' },
    to: [{ name: 'Sg', address: 'sg@example.org' }],
    cc: [],
    subject: 'Restore the agreements',
    text: 'Dear Secretary-General,\n\nWe ask you to act.\n',
    attachments: [{ filename: 'sg.en.pdf', kind: 'letter-pdf' }],
    document: { letterhead: ['Committee'], placeAndDate: 'Paris, 23 October 2026', addresseeBlock: ['H.E. Sg', 'Secretary-General'], isCopy: false },
  }) as unknown as Letter;

describe('parseApprover', () => {
  it.each([
    ['Ada Reviewer <ada@example.org>', ada],
    ['  Ada Reviewer   <ada@example.org>  ', ada],
    ['Ng Chan-Lee <ng.chan@example.org>', { name: 'Ng Chan-Lee', email: 'ng.chan@example.org' }],
  ])('reads %j', (text, expected) => {
    expect(parseApprover(text)).toEqual(expected);
  });

  it.each([
    ['ada@example.org', /is not "Name <email>"/],
    ['<ada@example.org>', /is not "Name <email>"/],
    ['Ada <not-an-address>', /"not-an-address" is not an email address/],
    ['Ada\u0007 <ada@example.org>', /name holds a control character/],
    ['Ada\u202e <ada@example.org>', /name holds a bidirectional control/],
  ])('refuses %j', (text, message) => {
    const parsed = parseApprover(text);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(message);
  });
});

describe('parseApprovals', () => {
  const good = approvalLine(record('p/sg/en', 'a'));

  it('reads the lines approve writes, in order, and skips blank lines', () => {
    const text = `${good}\n${approvalLine(record('p/sg/en', 'b', bo))}`;
    expect(parseApprovals(text, 'petitions/p/approvals.jsonl', 'p')).toEqual({ records: [record('p/sg/en', 'a'), record('p/sg/en', 'b', bo)], problems: [] });
  });

  it.each([
    ['{"version":1,"letter":"p/sg/en"', undefined, /not a JSON object \(a damaged or half-written line\)/],
    ['[1,2]', undefined, /is not a JSON object/],
    [good.replace('"version":1', '"version":2'), 'version', /is 2, not 1/],
    [good.replace('"p/sg/en"', '"p/sg"'), 'letter', /is not a letter id/],
    [good.replace('"p/sg/en"', '"q/sg/en"'), 'letter', /"q\/sg\/en" is a letter of another petition, not of p/],
    [good.replace(hash('a'), 'abc'), 'content_hash', /is not a sha256/],
    [good.replace('"ada@example.org"', '"nobody"'), 'by', /"nobody" is not an email address/],
    [good.replace('"by":{', '"by":{"x":1,').replace('"name":"Ada Reviewer",', ''), 'by', /is not \{ name, email \}/],
    [good.replace('2026-10-01T10:00:00.000Z', 'yesterday'), 'at', /is not a time/],
  ])('refuses a damaged line at its line: %s', (line, field, message) => {
    const { records, problems } = parseApprovals(`${good}${line}\n${good}`, 'petitions/p/approvals.jsonl', 'p');
    expect(records).toHaveLength(2);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', file: 'petitions/p/approvals.jsonl', line: 2, field, message: expect.stringMatching(message) as string })]);
    expect(problems[0]?.hint).toMatch(/restore the line from version control/);
  });

  it('ignores a cut-off last line (an approve killed mid-write) with a warning: it can only take an approval away', () => {
    const { records, problems } = parseApprovals(`${good}${good.slice(0, 50)}`, 'f', 'p');
    expect(records).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', line: 2, message: expect.stringMatching(/is cut off/) as string })]);
  });

  it('reads CRLF line ends (a file edited on Windows)', () => {
    expect(parseApprovals(good.replace('\n', '\r\n'), 'f', 'p').records).toHaveLength(1);
  });
});

describe('letterApprovals', () => {
  const sg = letter('p/sg/en', 'a');
  const cases: [string, ApprovalRecord[], number, { state: string; lacking: number; approvers: string[]; previous?: string }][] = [
    ['no record: pending', [], 1, { state: 'pending', lacking: 1, approvers: [] }],
    ['approved as it is', [record('p/sg/en', 'a')], 1, { state: 'approved', lacking: 0, approvers: ['ada@example.org'] }],
    ['approved before it changed', [record('p/sg/en', 'z')], 1, { state: 'changed', lacking: 1, approvers: [], previous: hash('z') }],
    ['changed, approved again', [record('p/sg/en', 'z'), record('p/sg/en', 'a')], 1, { state: 'approved', lacking: 0, approvers: ['ada@example.org'], previous: hash('z') }],
    ['another letter approved', [record('p/fr/en', 'a')], 1, { state: 'pending', lacking: 1, approvers: [] }],
    ['two required, one given', [record('p/sg/en', 'a')], 2, { state: 'pending', lacking: 1, approvers: ['ada@example.org'] }],
    [
      'two required, the same person twice (other case)',
      [record('p/sg/en', 'a'), record('p/sg/en', 'a', { name: 'Ada R.', email: 'ADA@example.org' })],
      2,
      { state: 'pending', lacking: 1, approvers: ['ada@example.org'] },
    ],
    ['two required, two people', [record('p/sg/en', 'a'), record('p/sg/en', 'a', bo)], 2, { state: 'approved', lacking: 0, approvers: ['ada@example.org', 'bo@example.org'] }],
    [
      'two people, but one approved an older version: changed',
      [record('p/sg/en', 'z', bo), record('p/sg/en', 'a')],
      2,
      { state: 'changed', lacking: 1, approvers: ['ada@example.org'], previous: hash('z') },
    ],
  ];
  it.each(cases)('%s', (_, records, required, expected) => {
    const [a] = letterApprovals([sg], records, required);
    expect({ state: a?.state, lacking: a?.lacking, approvers: a?.approvers.map((x) => x.by.email), ...(a?.previous ? { previous: a.previous.contentHash } : {}) }).toEqual(expected);
  });

  it('says what each letter lacks in a few words', () => {
    const one = (records: ApprovalRecord[], required: number) => letterApprovals([sg], records, required)[0]!;
    const pending = one([], 1);
    const changed = one([record('p/sg/en', 'z', bo, '2026-09-30T08:00:00Z')], 1);
    const partial = one([record('p/sg/en', 'a')], 2);
    const approved = one([record('p/sg/en', 'a')], 1);
    expect(lackingReason(pending)).toBe('no approval');
    expect(lackingReason(changed)).toBe('changed since approved by Bo Checker on 2026-09-30; no approval');
    expect(lackingReason(partial)).toBe('1 of 2 approvals (by Ada Reviewer; needs 1 more, another person)');
    expect(lackingReason(approved)).toBe('approved by Ada Reviewer');
  });

  it('a refusal names the first letters and counts the rest', () => {
    const letters = Array.from({ length: 10 }, (_, i) => letter(`p/a${i}/en`, 'a'));
    const refusal = approvalRefusal(letterApprovals(letters, [], 1), 'send', 3);
    expect(refusal.message).toBe(
      '10 letter(s) to send lack approval: p/a0/en (no approval), p/a1/en (no approval), p/a2/en (no approval), and 7 more (petition approvals lists them); nothing was sent',
    );
    expect(refusal.hint).toMatch(/petition approve --by/);
  });
});

describe('newApprovals', () => {
  const letters = [letter('p/sg/en', 'a'), letter('p/fr/en', 'b')];
  const at = '2026-10-02T00:00:00.000Z';

  it('adds one record per letter not yet approved by this person as it is', () => {
    const existing = [record('p/sg/en', 'a'), record('p/fr/en', 'z')];
    expect(newApprovals(letters, existing, ada, at)).toEqual([{ version: 1, letter: 'p/fr/en', content_hash: hash('b'), by: ada, at }]);
  });

  it('counts an approval by another person as theirs, not this one', () => {
    expect(newApprovals(letters, [record('p/sg/en', 'a', bo)], { ...ada, email: 'ADA@example.org' }, at).map((r) => r.letter)).toEqual(['p/sg/en', 'p/fr/en']);
    expect(newApprovals(letters, [record('p/sg/en', 'a', ada), record('p/fr/en', 'b', ada)], { ...ada, email: 'ADA@example.org' }, at)).toEqual([]);
  });
});

describe('reviewText', () => {
  it('holds the envelope, what the PDF says around the text, and the text', () => {
    expect(reviewText(letter('p/sg/en', 'a'))).toBe(
      [
        'Letter: p/sg/en',
        'Channel: email',
        'From: Committee <committee@example.org>',
        'To: Sg <sg@example.org>',
        'Cc: —',
        'Subject: Restore the agreements',
        'Attachments: sg.en.pdf',
        '',
        'Committee',
        '',
        'Paris, 23 October 2026',
        '',
        'H.E. Sg',
        'Secretary-General',
        '',
        'Dear Secretary-General,\n\nWe ask you to act.',
        '',
      ].join('\n'),
    );
  });
});
