import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject } from '../support/fixtures.js';

// A file with every kind of trouble the issue names: BOM, CRLF, a quoted newline, a ragged row, a Latin-1 byte.
const messy = Buffer.concat([
  Buffer.from('\uFEFFname,email,country,signed_at\r\n'),
  Buffer.from('Test Signer A,a@example.org,Canada,2017-10-01\r\n'),
  Buffer.from('"Signer, B",b@example.org,KH,2017-10-02\r\n'),
  Buffer.from('Test Signer C,c@example.org,FR\r\n'), // ragged
  Buffer.from('Test Signer '),
  Buffer.from([0xe9]), // Latin-1 é: not UTF-8
  Buffer.from(',d@example.org,FR,2017-10-03\r\n'),
  Buffer.from('"Test\nSigner E",e@example.org,FR,2017-10-04\r\n'), // a newline inside a name
  Buffer.from('Test Signer A,A@Example.org ,CA,2017-10-05\r\n'), // duplicate
  Buffer.from('Test Signer F,not-an-email,FR,2017-10-05\r\n'),
]);

describe('petition count', () => {
  it('counts a messy file: rejects by reason with line numbers, emails masked, the tally goes on', () => {
    const dir = makeProject();
    writeFileSync(join(dir, 'messy.csv'), messy);
    const r = petition(['count', 'messy.csv', '--json', '--rejects', 'rejects.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const { counts } = JSON.parse(r.stdout) as { counts: { rows: number; valid: number; unique: number; duplicates: number; invalid_by_reason: Record<string, number> }[] };
    expect(counts[0]).toMatchObject({ rows: 7, valid: 3, unique: 2, duplicates: 1 });
    expect(counts[0]?.invalid_by_reason).toEqual({ 'ragged-row': 1, 'bad-encoding': 1, 'bad-name': 1, 'bad-email': 1 });
    const rejects = readFileSync(join(dir, 'rejects.csv'), 'utf8');
    expect(rejects.split('\n')[0]).toBe('source,row,reason,detail');
    expect(rejects).toMatch(/,4,ragged-row,/);
    expect(rejects).toMatch(/,5,bad-encoding,/);
    expect(rejects).not.toMatch(/[a-z]@example\.org/); // never a full signer email
    expect(r.stdout + r.stderr).not.toMatch(/[a-z]@example\.org/);
  });

  it('--strict turns any reject into exit 2', () => {
    const dir = makeProject();
    writeFileSync(join(dir, 'messy.csv'), messy);
    const r = petition(['count', 'messy.csv', '--strict'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/signatures: 4 row\(s\) rejected \(--strict refuses any rejected row\)/);
    expect(r.stderr.match(/row\(s\) rejected/g)).toHaveLength(1); // each problem printed once
    // rejects.csv is written by default, with every rejected row
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    // … and the last line says so, instead of "nothing was written".
    expect(r.stderr.trim().split('\n').at(-1)).toBe('1 error(s): wrote only rejects.csv; nothing was sent');
    const none = petition(['count', 'messy.csv', '--strict', '--no-rejects'], dir);
    expect(none.stderr.trim().split('\n').at(-1)).toBe('1 error(s): nothing was sent or written');
  });

  it('an empty file is a warning, not a crash', () => {
    const dir = makeProject();
    writeFileSync(join(dir, 'empty.csv'), '');
    const r = petition(['count', 'empty.csv', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: empty\.csv: empty file/m);
    expect((JSON.parse(r.stdout) as { counts: { rows: number }[] }).counts[0]?.rows).toBe(0);
  });

  it("counts a petition's own sources with the declared tally added, leaving no rejects file when none", () => {
    const dir = makeProject();
    const r = petition(['count', '--json'], dir);
    expect(existsSync(join(dir, 'rejects.csv'))).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: unknown[] }).counts[0]).toMatchObject({ name: 'test', unique: 3, declared_total: 10, total: 13, countries: 3 });
  });
});
