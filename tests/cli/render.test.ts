import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject, petitionMd, repoRoot } from '../support/fixtures.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Manifest {
  letters: { id: string; files: { path: string; sha256: string; kind: string }[]; signatures: { total: number } }[];
}

describe('petition render', () => {
  const dir = makeProject();
  const first = petition(['render', '--out', 'archive', '--json'], dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')) as Manifest;

  it('writes one PDF per letter, the annex, and a manifest whose hashes match the files', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(manifest.letters.map((l) => l.id)).toEqual(['test/un-sg/en', 'test/fr-minister/en', 'test/kh-copy/km']);
    for (const letter of manifest.letters) {
      expect(letter.files.map((f) => f.kind)).toEqual(['letter-pdf', 'annex-pdf']);
      expect(letter.signatures.total).toBe(13);
      for (const f of letter.files) expect(sha256(join(dir, 'archive', f.path))).toBe(f.sha256);
    }
  });

  it('puts the merged letter in the PDF, Khmer included, and copy-paste returns it', () => {
    const text = (file: string) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'archive', file), '-'], { encoding: 'utf8' });
    const en = text('letters/test/un-sg.en.pdf');
    expect(en).toContain('We, the undersigned, ask you, António Guterres, to act.');
    expect(en).toContain('This petition is supported by 13 signatures from 3 countries.');
    const km = text('letters/test/kh-copy.km.pdf').replace(/\s+/g, '');
    expect(km).toContain('ញត្តិនេះមានហត្ថលេខាចំនួន១៣ពី៣ប្រទេស។');
    expect(km).toContain('ច្បាប់ចម្លងជូនដើម្បីជ្រាប។');
  });

  it("lists signers' names in the annex up to the cap, never their emails", () => {
    const r = petition(['render', '--out', 'capped', '--annex-names', '2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const annex = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'capped', 'annex', 'test.annex.pdf'), '-'], { encoding: 'utf8' });
    expect(annex).toContain('Test Signer 1');
    expect(annex).toContain('Test Signer 2');
    expect(annex).not.toContain('Test Signer 3');
    expect(annex).toContain('… and 1 more');
    expect(annex).not.toMatch(/@example\.org/);
  });

  it('renders the same bytes twice', () => {
    const again = petition(['render', '--out', 'archive2'], dir);
    expect(again.code, again.stderr).toBe(0);
    for (const letter of manifest.letters) for (const f of letter.files) expect(sha256(join(dir, 'archive2', f.path)), f.path).toBe(f.sha256);
  });

  it('a letter has the same bytes alone, after other letters in one process, or on worker threads', () => {
    const alone = petition(['render', '--out', 'alone', '--only', 'kh-copy', '--jobs', '1'], dir);
    const serial = petition(['render', '--out', 'serial', '--jobs', '1'], dir);
    expect(alone.code, alone.stderr).toBe(0);
    expect(serial.code, serial.stderr).toBe(0);
    for (const file of ['letters/test/kh-copy.km.pdf']) {
      expect(sha256(join(dir, 'alone', file))).toBe(sha256(join(dir, 'archive', file)));
      expect(sha256(join(dir, 'serial', file))).toBe(sha256(join(dir, 'archive', file)));
    }
    for (const letter of manifest.letters) for (const f of letter.files) expect(sha256(join(dir, 'serial', f.path)), f.path).toBe(f.sha256);
    const parallel = petition(['render', '--out', 'parallel', '--jobs', '3'], dir);
    expect(parallel.code, parallel.stderr).toBe(0);
    for (const letter of manifest.letters) for (const f of letter.files) expect(sha256(join(dir, 'parallel', f.path)), f.path).toBe(f.sha256);
  });

  it('a font that cannot be read stops a parallel render with exit 2 naming the file', () => {
    const broken = makeProject();
    cpSync(join(repoRoot, 'templates', 'fonts'), join(broken, 'templates', 'fonts'), { recursive: true });
    writeFileSync(join(broken, 'templates', 'fonts', 'NotoSerif-Regular.ttf'), 'not a font');
    const r = petition(['render', '--out', 'archive', '--jobs', '2'], broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*templates\/fonts\/NotoSerif-Regular\.ttf: not a usable font file: .*\(use a TrueType \.ttf file\)$/m);
    expect(existsSync(join(broken, 'archive', 'manifest.json'))).toBe(false);
  });

  it('draws an image from the petition folder, and a missing one is an error naming its line', () => {
    // A 2×2 red PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
    const withImage = petitionMd.replace('2. Second point.', '2. Second point.\n\n![Seal of the committee](seal.png)');
    const good = makeProject({ 'petitions/test/petition.md': withImage });
    writeFileSync(join(good, 'petitions/test/seal.png'), png);
    const r = petition(['render', '--out', 'archive', '--only', 'un-sg'], good);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(good, 'archive/letters/test/un-sg.en.pdf')).toString('latin1')).toMatch(/\/Subtype \/Image/);
    const preview = petition(['preview', '--only', 'un-sg', '--json'], good);
    expect((JSON.parse(preview.stdout) as { letters: { text: string }[] }).letters[0]?.text).toContain('[Seal of the committee]');

    const missing = makeProject({ 'petitions/test/petition.md': withImage });
    const v = petition(['validate'], missing);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^error: petitions\/test\/petition\.md:29: body: image "seal\.png" not found/m);
  });

  it('a letter whose body merges to nothing stops the render with exit 2 and writes no PDF', () => {
    const bad = makeProject({ 'petitions/test/petition.md': petitionMd.replace(/---\nWe, the undersigned[\s\S]*$/, '---\n{{#if letter.never}}x{{/if}}\n') });
    const r = petition(['render', '--out', 'archive'], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/petitions\/test\/petition\.md:24: body: the letter body is empty after merge/);
    expect(existsSync(join(bad, 'archive', 'letters'))).toBe(false);
  });
});
