import { describe, expect, it } from 'vitest';
import { lineAtOffset, manifestShapeProblem } from '../../src/core/manifest-shape.js';

describe('manifestShapeProblem', () => {
  const letter = { id: 'p/a/en', files: [{ path: 'letters/p/a.en.pdf', sha256: 'x', kind: 'letter-pdf' }] };
  it.each([
    ['an empty manifest', { version: 1, petitions: [], letters: [] }],
    ['one letter', { version: 1, petitions: [{ slug: 'p' }], letters: [letter] }],
  ])('%s is read', (_, value) => expect(manifestShapeProblem(value)).toBeUndefined());

  it.each([
    ['null', null, { message: 'is not a JSON object' }],
    ['a list', [], { message: 'is not a JSON object' }],
    ['no version', { petitions: [], letters: [] }, { field: 'version', message: 'missing: this version of petition reads version 1' }],
    ['version 2', { version: 2, petitions: [], letters: [] }, { field: 'version', message: '2: this version of petition reads version 1' }],
    ['letters an object', { version: 1, petitions: [], letters: {} }, { field: 'letters', message: 'is not a list' }],
    ['no petitions', { version: 1, letters: [] }, { field: 'petitions', message: 'is not a list' }],
    ['a petition without slug', { version: 1, petitions: [{}], letters: [] }, { field: 'petitions[0]', message: 'has no "slug"' }],
    ['a letter that is a string', { version: 1, petitions: [], letters: [letter, 'x'] }, { field: 'letters[1]', message: 'has no "id"' }],
    ['a letter without files', { version: 1, petitions: [], letters: [{ id: 'a' }] }, { field: 'letters[0].files', message: 'is not a list of files with a path' }],
    ['a file without a path', { version: 1, petitions: [], letters: [{ id: 'a', files: [{}] }] }, { field: 'letters[0].files', message: 'is not a list of files with a path' }],
  ])('%s is refused', (_, value, expected) => expect(manifestShapeProblem(value)).toEqual(expected));
});

describe('lineAtOffset', () => {
  it.each([
    ['', 0, 1],
    ['a\nb\nc', 0, 1],
    ['a\nb\nc', 2, 2],
    ['a\nb\nc', 5, 3],
  ])('%j at %d is line %d', (text, offset, line) => expect(lineAtOffset(text, offset)).toBe(line));
});
