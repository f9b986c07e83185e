import { describe, expect, it } from 'vitest';
import { lineAtOffset, manifestFromJson, manifestShapeProblem } from '../../src/core/manifest-shape.js';

describe('manifestShapeProblem', () => {
  const letter = { id: 'p/a/en', files: [{ path: 'letters/p/a.en.pdf', sha256: 'x', kind: 'letter-pdf' }] };
  it.each([
    ['an empty manifest', { version: 1, petitions: [], letters: [] }],
    ['one letter', { version: 1, petitions: [{ slug: 'p' }], letters: [letter] }],
    ['version 2 with one letter', { version: 2, petitions: [{ slug: 'p' }], letters: [letter] }],
  ])('%s is read', (_, value) => expect(manifestShapeProblem(value)).toBeUndefined());

  it.each([
    ['null', null, { message: 'is not a JSON object' }],
    ['a list', [], { message: 'is not a JSON object' }],
    ['no version', { petitions: [], letters: [] }, { field: 'version', message: 'missing: this version of petition reads versions 1 and 2' }],
    ['version 3', { version: 3, petitions: [], letters: [] }, { field: 'version', message: '3: this version of petition reads versions 1 and 2' }],
    ['letters an object', { version: 1, petitions: [], letters: {} }, { field: 'letters', message: 'is not a list' }],
    ['no petitions', { version: 1, letters: [] }, { field: 'petitions', message: 'is not a list' }],
    ['a petition without slug', { version: 1, petitions: [{}], letters: [] }, { field: 'petitions[0]', message: 'has no "slug"' }],
    ['a letter that is a string', { version: 1, petitions: [], letters: [letter, 'x'] }, { field: 'letters[1]', message: 'has no "id"' }],
    ['a letter without files', { version: 1, petitions: [], letters: [{ id: 'a' }] }, { field: 'letters[0].files', message: 'is not a list of files with a path' }],
    ['a file without a path', { version: 1, petitions: [], letters: [{ id: 'a', files: [{}] }] }, { field: 'letters[0].files', message: 'is not a list of files with a path' }],
  ])('%s is refused', (_, value, expected) => expect(manifestShapeProblem(value)).toEqual(expected));
});

describe('manifestFromJson', () => {
  const files = [{ path: 'letters/p/a.en.pdf', sha256: 'x', kind: 'letter-pdf' }];
  const delivery = { status: 'sent', at: '2026-10-23T01:00:00.000Z', attempts: 1, response: '250 ok' };

  it('reads version 1: contentHash and delivery.messageId renamed in place, every other field as it was', () => {
    const v1 = {
      version: 1,
      generated_at: 'then',
      petitions: [{ slug: 'p', roster_as_of: '2017-10-01' }],
      letters: [{ id: 'p/a/en', contentHash: 'h', files, delivery: { status: 'sent', messageId: '<m@example.org>', at: delivery.at, attempts: 1, response: '250 ok' } }],
    };
    const read = manifestFromJson(v1);
    expect(read).toEqual({
      version: 2,
      generated_at: 'then',
      petitions: [{ slug: 'p', roster_as_of: '2017-10-01' }],
      letters: [{ id: 'p/a/en', content_hash: 'h', files, delivery: { ...delivery, message_id: '<m@example.org>' } }],
    });
    expect(Object.keys(read.letters[0]!)).toEqual(['id', 'content_hash', 'files', 'delivery']);
    expect(Object.keys(read.letters[0]!.delivery!)).toEqual(['status', 'message_id', 'at', 'attempts', 'response']);
  });

  it('reads version 2 as it is', () => {
    const v2 = { version: 2, generated_at: 'now', petitions: [], letters: [{ id: 'p/a/en', content_hash: 'h', files, delivery: { ...delivery, message_id: '<m@example.org>' } }] };
    expect(manifestFromJson(structuredClone(v2))).toEqual(v2);
  });
});

describe('lineAtOffset', () => {
  it.each([
    ['', 0, 1],
    ['a\nb\nc', 0, 1],
    ['a\nb\nc', 2, 2],
    ['a\nb\nc', 5, 3],
  ])('%j at %d is line %d', (text, offset, line) => expect(lineAtOffset(text, offset)).toBe(line));
});
