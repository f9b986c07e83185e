// `petition count FILE --suggest-mapping`: its YAML parses, and pasted into a petition it counts the file right.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXCEL_EXPORT } from '../signatures/export-fixtures.js';
import { petition } from '../support/cli.js';
import { makeProject, petitionMd } from '../support/fixtures.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SOURCES = /( {2}sources:\n)(?: {4}.*\n)+/;
const PLATFORM = 'First Name,Last Name,Email Address,Country Code,Zip Code,Signed On,Notes\nAnn,Lee,ann@example.org,KH,12000,2017-10-23T10:00:00Z,hi\nBo,Ra,bo@example.org,FR,,2017-10-24T08:00:00Z,\n';

function project(): string {
  const dir = makeProject({ 'petitions/test/signatures/online.csv': null });
  mkdirSync(join(dir, 'petitions/test/signatures'));
  made.push(dir);
  writeFileSync(join(dir, 'petitions/test/signatures/export.csv'), EXCEL_EXPORT);
  writeFileSync(join(dir, 'petitions/test/signatures/platform.csv'), PLATFORM);
  return dir;
}

describe('petition count --suggest-mapping', () => {
  it('prints YAML that parses and, pasted into the petition, counts both files', () => {
    const dir = project();
    const files = ['petitions/test/signatures/export.csv', 'petitions/test/signatures/platform.csv'];
    const r = petition(['count', ...files, '--suggest-mapping'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(parse(r.stdout)).toEqual([
      {
        path: 'signatures/export.csv',
        label: 'export',
        delimiter: ';',
        encoding: 'windows-1252',
        columns: { name: ['Prénom', 'Nom'], email: 'Adresse e-mail', country: 'Pays', postcode: 'Code postal', signed_at: 'Date', comment: 'Commentaire' },
      },
      {
        path: 'signatures/platform.csv',
        label: 'platform',
        delimiter: ',',
        encoding: 'utf-8',
        columns: { name: ['First Name', 'Last Name'], email: 'Email Address', country: 'Country Code', postcode: 'Zip Code', signed_at: 'Signed On', comment: 'Notes' },
      },
    ]);
    expect(r.stdout).toMatch(/encoding: windows-1252 # line 1 has bytes that are not UTF-8 \(0xE9\)/);
    expect(r.stdout).toMatch(/name: \[Prénom, Nom\] # "Prénom" \+ "Nom": first and last name/);
    expect(r.stdout).not.toMatch(/[a-z]@example\.org/); // no signer's email, ever
    expect(readdirSync(dir)).not.toContain('rejects.csv'); // counts nothing, writes nothing

    writeFileSync(join(dir, 'petitions/test/petition.md'), petitionMd.replace(SOURCES, `$1${r.stdout}\n`));
    const counted = petition(['count', '--json'], dir);
    expect(counted.code, counted.stderr).toBe(0);
    const { counts } = JSON.parse(counted.stdout) as { counts: Record<string, unknown>[] };
    expect(counts[0]).toMatchObject({ rows: 9, unique: 6, duplicates: 2, invalid: 1, by_source: { export: 5, platform: 1 } });
  });

  it('--json gives the same entries', () => {
    const dir = project();
    const r = petition(['count', 'petitions/test/signatures/platform.csv', '--suggest-mapping', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const { suggestions } = JSON.parse(r.stdout) as { suggestions: { file: string; rows_read: number; source: object; why: { encoding: string } }[] };
    expect(suggestions[0]).toMatchObject({ file: 'petitions/test/signatures/platform.csv', rows_read: 2, source: { label: 'platform', delimiter: ',' } });
    expect(suggestions[0]?.why.encoding).toBe('the first rows are plain ASCII, read alike in every encoding');
  });

  it('a file outside a petition: a path to copy it to; a missing file or no file at all: exit 2', () => {
    const dir = project();
    writeFileSync(join(dir, 'Export.txt'), PLATFORM);
    const r = petition(['count', 'Export.txt', '--suggest-mapping'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/- path: signatures\/Export\.csv # copy the file, saved as Export\.csv, into the petition's folder here/);
    const missing = petition(['count', 'nope.csv', '--suggest-mapping'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: nope\.csv: cannot be read \(ENOENT\) \(check the path\)$/m);
    const none = petition(['count', '--suggest-mapping'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--suggest-mapping: needs the CSV files to look at/);
    expect(existsSync(join(dir, 'rejects.csv'))).toBe(false);
  });
});
