// Every path on the command line works absolute, and relative to the project folder (-C, as `git -C` does): the built
// binary on real temp folders, removed afterwards.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject } from '../support/fixtures.js';

describe('paths on the command line', () => {
  const dirs: string[] = [];
  const project = (): string => {
    const dir = makeProject();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each([
    ['absolute', (dir: string) => join(dir, 'recipients', 'test-roster.yaml')],
    ['relative', () => 'recipients/test-roster.yaml'],
  ])('--roster %s', (_kind, roster) => {
    const dir = project();
    const r = petition(['validate', '--roster', roster(dir)], dir);
    expect(r.code, r.stderr).toBe(0);
  });

  it.each([
    ['absolute', (dir: string) => join(dir, 'petitions', 'test')],
    ['relative', () => 'petitions/test'],
    ['a slug', () => 'test'],
  ])('--petition %s', (_kind, selector) => {
    const dir = project();
    const r = petition(['validate', '--petition', selector(dir)], dir);
    expect(r.code, r.stderr).toBe(0);
  });

  it.each([
    ['absolute', (dir: string) => join(dir, 'export', 'signers.csv'), (dir: string) => join(dir, 'elsewhere.rejects.csv')],
    ['relative', () => 'export/signers.csv', () => 'elsewhere.rejects.csv'],
  ])('count FILE and --rejects %s', (_kind, file, rejects) => {
    const dir = project();
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'signers.csv'), 'name,email,country\nAnn Lee,ann@example.org,KH\nBo Ra,not-an-address,KH\n');
    const r = petition(['count', file(dir), '--rejects', rejects(dir)], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Unique signers\s+1/);
    expect(existsSync(join(dir, 'elsewhere.rejects.csv'))).toBe(true);
  });

  it.each([
    ['absolute', (dir: string) => join(dir, 'some', 'archive')],
    ['relative', () => 'some/archive'],
  ])('--out %s, and -C from another folder', (_kind, out) => {
    const dir = project();
    const elsewhere = mkdtempSync(join(tmpdir(), 'petition-elsewhere-'));
    dirs.push(elsewhere);
    const r = petition(['-C', dir, 'status', '--out', out(dir)], elsewhere);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no ledger in some\/archive\//);
  });
});
