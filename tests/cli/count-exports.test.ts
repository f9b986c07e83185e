// `petition count` on real exports: a petition whose source is an Excel `;` export in Windows-1252, and a source
// whose encoding is not one we read.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXCEL_EXPORT } from '../signatures/export-fixtures.js';
import { petition } from '../support/cli.js';
import { makeProject, petitionMd } from '../support/fixtures.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ONLINE = '      columns: { name: full_name, email: email, country: country, signed_at: signed_at }';

/** A project whose petition reads signatures/export.csv with `source` (the YAML lines after its label). */
function project(source: string): string {
  const dir = makeProject({ 'petitions/test/petition.md': petitionMd.replace('signatures/online.csv', 'signatures/export.csv').replace(ONLINE, source) });
  made.push(dir);
  writeFileSync(join(dir, 'petitions/test/signatures/export.csv'), EXCEL_EXPORT);
  return dir;
}

describe('petition count on real exports', () => {
  it('reads an Excel export: ; delimiter, Windows-1252, CRLF, first and last name joined', () => {
    const dir = project(
      [
        '      delimiter: ";"',
        '      encoding: Windows-1252',
        '      columns: { name: [Prénom, Nom], email: Adresse e-mail, country: Pays, postcode: Code postal, signed_at: Date, comment: Commentaire }',
      ].join('\n'),
    );
    const r = petition(['count', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const { counts } = JSON.parse(r.stdout) as { counts: Record<string, unknown>[] };
    expect(counts[0]).toMatchObject({ name: 'test', rows: 7, unique: 5, duplicates: 1, invalid: 1, by_country: { FR: 3, IE: 1, KH: 1 } });
    expect(existsSync(join(dir, 'rejects.csv'))).toBe(true); // the row without a name
  });

  it('an unknown encoding: one line naming the petition file, line and field; exit 2, nothing written', () => {
    const dir = project('      encoding: ebcdic\n      columns: { name: [Prénom, Nom] }');
    const line = petitionMd.split('\n').findIndex((l) => l.startsWith('      columns:')) + 1;
    const r = petition(['count'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: petitions/test/petition.md:${line}: signatures.sources.0.encoding: unknown encoding "ebcdic" (one of utf-8 (or utf8), windows-1252 (or cp1252), latin1 (or iso-8859-1))`,
      '1 error(s): nothing was sent or written',
    ]);
    expect(existsSync(join(dir, 'rejects.csv'))).toBe(false);
  });

  it('a list of columns for email: an error naming columns.email, with a hint', () => {
    const dir = project('      columns: { name: [Prénom, Nom], email: [Adresse e-mail, Pays] }');
    const r = petition(['count'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/petition\.md:\d+: signatures\.sources\.0\.columns\.email: lists several columns; only name can join columns \(map email to one column of the header\)/);
  });
});
