import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject, petitionKmMd, petitionMd, signaturesCsv } from '../support/fixtures.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A project whose petition folders are the given names, each a copy of the test petition. */
function projectWith(...folders: string[]): string {
  const files: Record<string, string | null> = { 'petitions/test/petition.md': null, 'petitions/test/petition.km.md': null, 'petitions/test/signatures/online.csv': null };
  for (const name of folders) {
    files[`petitions/${name}/petition.md`] = petitionMd;
    files[`petitions/${name}/petition.km.md`] = petitionKmMd;
    files[`petitions/${name}/signatures/online.csv`] = signaturesCsv;
  }
  const dir = makeProject(files);
  made.push(dir);
  return dir;
}

// Each case runs the real binary once or twice: seconds on a loaded machine.
const slow = { timeout: 30_000 };
const LINK_HINT = '(the archive never writes through symbolic links; remove it or choose another --out)';

describe('distinct archive names', slow, () => {
  it('"p x" and "p_x": validate is exit 2 naming both, and render writes nothing', () => {
    const dir = projectWith('p x', 'p_x');
    const validate = petition(['validate'], dir);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('error: petitions/p_x/petition.md: slug: its archive name "p_x" is also that of petitions/p x/ (rename one folder)');
    const render = petition(['render', '--out', 'archive'], dir);
    expect(render.code).toBe(2);
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it('names that differ only by case collide (macOS, Windows)', () => {
    const dir = projectWith('Test', 'test');
    const r = petition(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: petitions/test/petition.md: slug: its archive name "test" is also that of petitions/Test/ ("Test") where case and accents are not told apart (rename one folder)',
    );
  });

  it('a petition of the run against a folder outside it: still refused, the two would share an archive', () => {
    const dir = projectWith('p x', 'p_x');
    const r = petition(['validate', '--petition', 'p x'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: petitions/p x/petition.md: slug: its archive name "p_x" is also that of petitions/p_x/ (rename one folder)');
  });
});

describe('no writes through symbolic links', slow, () => {
  it('a link at letters/<petition>: render is exit 2 naming it, and nothing lands where it points', () => {
    const dir = projectWith('test');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(dir, 'archive', 'letters'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'archive', 'letters', 'test'));
    const r = petition(['render', '--out', 'archive'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: letters/test: is a symbolic link inside the archive folder ${LINK_HINT}`);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(join(dir, 'archive', 'manifest.json'))).toBe(false);
  });

  it('a link at manifest.json: render is exit 2 before any PDF, and the target is untouched', () => {
    const dir = projectWith('test');
    const target = join(dir, 'theirs.json');
    writeFileSync(target, 'theirs');
    mkdirSync(join(dir, 'archive'));
    symlinkSync(target, join(dir, 'archive', 'manifest.json'));
    const r = petition(['render', '--out', 'archive'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: manifest.json: is a symbolic link inside the archive folder ${LINK_HINT}`);
    expect(readdirSync(join(dir, 'archive'))).toEqual(['manifest.json']);
  });
});
