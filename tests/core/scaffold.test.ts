// What `petition init` writes, as pure functions: the slug, the filled-in texts, and the placeholder guard.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholderRefusal, placeholderWarnings } from '../../src/core/placeholders.js';
import { fill, scaffoldFiles, type ScaffoldTexts } from '../../src/core/scaffold.js';
import { parseSlug, slugFromFolderName } from '../../src/core/slug.js';
import type { Addressee, Roster } from '../../src/core/types.js';
import { repoRoot } from '../support/fixtures.js';

describe('slugs', () => {
  it.each([
    ['free-elections', 'free-elections'],
    ['Free Elections 2025', 'free-elections-2025'],
    ['Élections libres', 'elections-libres'],
    ['--x--', 'x'],
    ['ញត្តិ', 'my-petition'],
    ['.', 'my-petition'],
    ['a'.repeat(70), 'a'.repeat(64)],
  ])('the folder %j gives %j', (name, slug) => {
    expect(slugFromFolderName(name)).toBe(slug);
    expect(parseSlug(slug)).toEqual({ ok: true, value: slug });
  });

  it.each(['', 'Caps', '../up', 'a/b', '-lead', 'with space', 'a'.repeat(65)])('--slug %j is refused', (text) => {
    expect(parseSlug(text).ok).toBe(false);
  });
});

describe('scaffoldFiles', () => {
  const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
  const texts: ScaffoldTexts = {
    petition: read('scaffold/petition.md'),
    placeholderRoster: read('scaffold/roster.yaml'),
    rosterSchema: read('recipients/roster.schema.json'),
    signaturesCsv: read('scaffold/signatures.csv'),
    signaturesReadme: read('scaffold/signatures-README.md'),
    gitignore: read('scaffold/gitignore'),
    workflow: read('scaffold/send-on-anniversary.yml'),
  };

  it('fills in the date, the roster and the package, with a clock passed in', () => {
    const { files, roster } = scaffoldFiles(texts, { slug: 'p', today: '2031-02-03', packageSpec: 'petition@9.8.7' });
    const text = (path: string) => files.find((f) => f.path === path)?.text ?? '';
    expect(text('petitions/p/petition.md')).toContain('date: "2031-02-03"\n');
    expect(text('petitions/p/petition.md')).toContain('anniversary: { date: "02-03", time_zone: UTC }\n');
    expect(text('petitions/p/petition.md')).toMatch(/^roster: p\n(#.*\n)to: \[minister\]\n(#.*\n)cc: \[copy\]\n/m);
    expect(roster.path).toBe('recipients/p.yaml');
    expect(roster.text).toContain('as_of: "2031-02-03"\n');
    expect(roster.text.match(/verified_on: "2031-02-03"/g)).toHaveLength(2);
    expect(text('.github/workflows/send-on-anniversary.yml')).toContain('npm install --global --no-audit --no-fund petition@9.8.7\n');
  });

  it('points the petition at a bundled roster, every group in to', () => {
    const bundled = { id: 'b', text: 'id: b\ngroups:\n  un: UN\n  copy: Copies\n' };
    const { files, roster } = scaffoldFiles(texts, { slug: 'p', today: '2031-02-03', packageSpec: 'petition@1.0.0', bundledRoster: bundled });
    expect(roster).toEqual({ path: 'recipients/b.yaml', text: bundled.text });
    expect(files.find((f) => f.path === 'petitions/p/petition.md')?.text).toMatch(/Groups in this roster: un, copy\.\nto: \[un, copy\]\n(#.*\n)cc: \[\]\n/);
  });

  it('never leaves a token unfilled', () => {
    expect(() => fill('a @@NAME@@ b', {})).toThrow('scaffold token @@NAME@@ has no value');
  });
});

describe('placeholder addressees', () => {
  const addressee = (id: string, placeholder?: boolean): Addressee => ({
    id,
    group: 'g',
    honorific: 'Ms',
    name: id,
    title: 'T',
    language: 'en',
    salutation: { en: 'Dear' },
    placeholder,
    source: { file: 'recipients/r.yaml', line: 7 },
  });
  const roster: Roster = { id: 'r', title: 'R', as_of: '2031-01-01', sources: ['s'], groups: { g: 'G' }, groupDetails: {}, states: [], addressees: [], file: 'recipients/r.yaml' };

  it('warns about each one at its line, and refuses to send to them', () => {
    const all = [addressee('real'), ...['p1', 'p2', 'p3', 'p4'].map((id) => addressee(id, true))];
    expect(placeholderWarnings(roster, all).map((p) => `${p.severity} ${p.file}:${p.line}: ${p.field}`)).toEqual(['p1', 'p2', 'p3', 'p4'].map((id) => `warning recipients/r.yaml:7: addressees.${id}`));
    expect(placeholderRefusal(roster, all)?.message).toBe('roster r (recipients/r.yaml) still holds 4 placeholder addressee(s): p1, p2, p3, … (1 more)');
  });

  it('says nothing of a roster of real addressees', () => {
    expect(placeholderWarnings(roster, [addressee('a'), addressee('b', false)])).toEqual([]);
    expect(placeholderRefusal(roster, [addressee('a')])).toBeUndefined();
  });
});
