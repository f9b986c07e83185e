// Issue 9, items 4-6: YAML, files that are almost right, options and files that are not what they claim. Each row:
// the input, the exit code, and the exact `file:line: field` prefix of the error line.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject, petitionMd, rosterYaml } from '../support/fixtures.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const project = (overrides: Record<string, string | null> = {}): string => {
  const dir = makeProject(overrides);
  made.push(dir);
  return dir;
};

const header = 'full_name,email,country,signed_at';
const bomb = (levels: number) =>
  ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: levels }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');

interface Row {
  name: string;
  files?: Record<string, string | Buffer>;
  setup?: (dir: string) => void;
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** The start of one line of stderr. */
  prefix: string;
}

const rows: Row[] = [
  // YAML
  {
    name: 'an alias bomb in the roster',
    files: { 'recipients/test-roster.yaml': `${rosterYaml}${bomb(8)}\n` },
    args: ['validate'],
    code: 2,
    prefix: `error: recipients/test-roster.yaml:${rosterYaml.split('\n').length + 4}: too many aliases (`,
  },
  {
    name: 'an unknown tag in the roster',
    files: { 'recipients/test-roster.yaml': rosterYaml.replace('title: Test roster', 'title: !!js/function "function () {}"') },
    args: ['validate'],
    code: 2,
    prefix: 'error: recipients/test-roster.yaml:3: unknown tag !!js/function (',
  },
  {
    name: 'a custom tag in front matter',
    files: { 'petitions/test/petition.md': petitionMd.replace('place: Vancouver, Canada', 'place: !where Vancouver') },
    args: ['validate'],
    code: 2,
    prefix: 'error: petitions/test/petition.md:6: unknown tag !where (',
  },
  // Files that are almost right
  {
    name: 'a translation named petition.khmer.md',
    files: { 'petitions/test/petition.khmer.md': '---\nlanguage: km\n---\nx\n' },
    args: ['validate'],
    code: 2,
    prefix: 'error: petitions/test/petition.khmer.md: is not a translation file name (',
  },
  {
    name: 'a duplicated header name the mapping uses',
    files: { 'petitions/test/signatures/online.csv': `${header},email\nA B,a@example.org,FR,2017-10-01,b@example.org\n` },
    args: ['validate'],
    code: 2,
    prefix: 'error: petitions/test/signatures/online.csv:1:5: columns.email: column "email" appears 2 times in the header (columns 2, 5) (',
  },
  {
    name: 'a damaged manifest.json',
    setup: (dir) => writeFileSync(join(dir, 'archive', 'manifest.json'), '{"version": 1, "letters": [{"id": "x"'),
    args: ['render'],
    code: 2,
    prefix: 'error: archive/manifest.json:1: damaged manifest: ',
  },
  {
    name: 'a manifest.json of the wrong shape',
    setup: (dir) => writeFileSync(join(dir, 'archive', 'manifest.json'), '{"version": 1, "petitions": [], "letters": {}}'),
    args: ['render'],
    code: 2,
    prefix: 'error: archive/manifest.json: letters: damaged manifest: is not a list (',
  },
  {
    name: 'a manifest.json of another version',
    setup: (dir) => writeFileSync(join(dir, 'archive', 'manifest.json'), '{"version": 3}'),
    args: ['render'],
    code: 2,
    prefix: 'error: archive/manifest.json: version: damaged manifest: 3: this version of petition reads versions 1 and 2 (',
  },
  { name: 'render --out a file', files: { afile: 'x' }, args: ['render', '--out', 'afile'], code: 2, prefix: 'error: afile: --out: is a file, not a folder (' },
  {
    name: 'send --out a file',
    files: { afile: 'x' },
    args: ['send', '--yes', '--out', 'afile'],
    env: { SMTP_URL: 'smtp://user:pass@127.0.0.1:9' },
    code: 2,
    prefix: 'error: afile: --out: is a file, not a folder (',
  },
  { name: 'status --out inside a file', files: { afile: 'x' }, args: ['status', '--out', 'afile/archive'], code: 2, prefix: 'error: afile/archive: --out: is inside afile, which is a file (' },
  { name: 'ledger check --out a file', files: { afile: 'x' }, args: ['ledger', 'check', '--out', 'afile'], code: 2, prefix: 'error: afile: --out: is a file, not a folder (' },
  { name: 'ledger recover --out a file', files: { afile: 'x' }, args: ['ledger', 'recover', '--out', 'afile'], code: 2, prefix: 'error: afile: --out: is a file, not a folder (' },
  // Options and files that are not what they claim
  {
    name: '--annex-names -5',
    args: ['render', '--annex-names', '-5'],
    code: 2,
    prefix: `error: option '--annex-names <n|all|none>' argument '-5' is invalid. "-5" is not a number of names (give 0 to 10000000, all or none)`,
  },
  { name: '--annex-names foo', args: ['send', '--annex-names', 'foo'], code: 2, prefix: `error: option '--annex-names <n|all|none>' argument 'foo' is invalid.` },
  { name: '--late-by out of range', args: ['send', '--late-by', '100000'], code: 2, prefix: `error: option '--late-by <hours>' argument '100000' is invalid. 100000 is out of range (give 0 to 720)` },
  { name: '--jobs 0', args: ['render', '--jobs', '0'], code: 2, prefix: `error: option '--jobs <n>' argument '0' is invalid. 0 is out of range (give 1 to 64)` },
  { name: '--limit 1.5', args: ['send', '--limit', '1.5'], code: 2, prefix: `error: option '--limit <n>' argument '1.5' is invalid. "1.5" is not a whole number (give 1 to 10000000)` },
  { name: '--rate 0x10', args: ['send', '--rate', '0x10'], code: 2, prefix: `error: option '--rate <per-minute>' argument '0x10' is invalid.` },
  { name: '--max-errors 0', args: ['send', '--max-errors', '0'], code: 2, prefix: `error: option '--max-errors <n>' argument '0' is invalid. 0 is out of range (give 1 to 10000000)` },
  {
    name: 'SOURCE_DATE_EPOCH malformed',
    args: ['render'],
    env: { SOURCE_DATE_EPOCH: '2017-10-23' },
    code: 2,
    prefix: 'error: environment: SOURCE_DATE_EPOCH: "2017-10-23" is not whole seconds since 1970-01-01 UTC',
  },
  {
    name: 'SOURCE_DATE_EPOCH out of range, in send',
    args: ['send', '--yes'],
    env: { SOURCE_DATE_EPOCH: '99999999999999', SMTP_URL: 'smtp://user:pass@127.0.0.1:9' },
    code: 2,
    prefix: 'error: environment: SOURCE_DATE_EPOCH: "99999999999999" is not whole seconds',
  },
  {
    name: 'a UTF-16 CSV with a BOM',
    files: { 'u.csv': Buffer.from(`\ufeff${header}\nA B,a@example.org,FR,2017-10-01\n`, 'utf16le') },
    args: ['count', 'u.csv'],
    code: 2,
    prefix: 'error: u.csv: is UTF-16 (little-endian, with a byte order mark) text, not UTF-8 (',
  },
  {
    name: 'a UTF-16 CSV without a BOM',
    files: { 'u.csv': Buffer.from(`${header}\nA B,a@example.org,FR,2017-10-01\n`, 'utf16le') },
    args: ['count', 'u.csv'],
    code: 2,
    prefix: 'error: u.csv: is UTF-16 (little-endian) text, not UTF-8 (',
  },
  { name: 'a .gz that is not gzip', files: { 'plain.csv.gz': `${header}\n` }, args: ['count', 'plain.csv.gz'], code: 2, prefix: 'error: plain.csv.gz: is named .gz but is not gzip-compressed (' },
  { name: 'a folder given as a CSV', setup: (dir) => mkdirSync(join(dir, 'folder.csv')), args: ['count', 'folder.csv'], code: 2, prefix: 'error: folder.csv: is a folder, not a CSV file (' },
  {
    name: 'a named pipe given as a CSV',
    setup: (dir) => execFileSync('mkfifo', [join(dir, 'pipe.csv')]),
    args: ['count', 'pipe.csv'],
    code: 2,
    prefix: 'error: pipe.csv: is not a regular file (a named pipe or a device) (',
  },
];

describe('bad files and options: exit code and the exact file:line: field prefix', () => {
  it.each(rows.filter((r) => process.platform !== 'win32' || !r.name.includes('pipe')))('$name', (row) => {
    const dir = project();
    mkdirSync(join(dir, 'archive'), { recursive: true });
    for (const [path, content] of Object.entries(row.files ?? {})) writeFileSync(join(dir, path), content);
    row.setup?.(dir);
    const r = petition(row.args, dir, row.env);
    expect(r.code, r.stderr).toBe(row.code);
    expect(
      r.stderr.split('\n').some((line) => line.startsWith(row.prefix)),
      r.stderr,
    ).toBe(true);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('files that are almost right are read', () => {
  it('reads petition.KM.md as the Khmer translation', () => {
    const dir = project({ 'petitions/test/petition.km.md': null, 'petitions/test/petition.KM.md': '---\nlanguage: km\ntitle: ញត្តិសាកល្បង\nsubject: ស្ដារ\n---\nយើងខ្ញុំសូមស្នើ។\n' });
    const r = petition(['preview', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('យើងខ្ញុំសូមស្នើ');
  });

  it('loads a roster that shares one salutation through an alias 120 times', () => {
    const shared = Array.from(
      { length: 120 },
      (_, i) => `  - id: extra-${i}\n    group: copy\n    honorific: Ms\n    name: Extra ${i}\n    title: Observer\n    organization: Observers\n    language: en\n    salutation: *dear\n`,
    ).join('');
    // 121 copies are more than a letter lists by name: the group needs its summary in each letter language.
    const summarised = '  copy:\n    description: Copies\n    summary: { en: "{count} observers", km: "អ្នកសង្កេតការណ៍ {count} រូប" }\n';
    const roster = rosterYaml.replace('    salutation:\n      en: Dear Secretary-General', '    salutation: &dear\n      en: Dear Secretary-General').replace('  copy: Copies\n', summarised) + shared;
    const r = petition(['validate'], project({ 'recipients/test-roster.yaml': roster }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/123 letter\(s\) merged/);
  });

  it('reads CR-only line ends and a header with a BOM, a zero-width space and an NBSP, warning with the column', () => {
    const csv = `\ufefffull_name,\u200bemail,country\u00a0,signed_at\rA B,a@example.org,FR,2017-10-01\rC D,c@example.org,KH,2017-10-02\r`;
    const dir = project();
    writeFileSync(join(dir, 'mac.csv'), csv);
    const r = petition(['count', 'mac.csv', '--json', '--no-rejects'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: { rows: number; valid: number }[] }).counts[0]).toMatchObject({ rows: 2, valid: 2 });
    expect(r.stderr).toContain('warning: mac.csv:1:2: header: column 2 has invisible characters (U+200B); read as "email"');
    expect(r.stderr).toContain('warning: mac.csv:1:3: header: column 3 has invisible characters (U+00A0); read as "country"');
  });

  it('rejects a line longer than the maximum as line-too-long and counts the rest', () => {
    const dir = project();
    writeFileSync(join(dir, 'long.csv'), `${header}\nA B,a@example.org,FR,2017-10-01\n${'x'.repeat(1 << 21)},l@example.org,FR,2017-10-01\nC D,c@example.org,KH,2017-10-02\n`);
    const r = petition(['count', 'long.csv', '--json', '--rejects', 'rejects.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: { rows: number; valid: number; invalid_by_reason: object }[] }).counts[0]).toMatchObject({
      rows: 3,
      valid: 2,
      invalid_by_reason: { 'line-too-long': 1 },
    });
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8')).toMatch(/^long\.csv,3,line-too-long,longer than 1048576 characters; not read$/m);
  });

  it('removes the .partial files a killed render left, and keeps those of a running process', () => {
    const dir = project();
    const letters = join(dir, 'archive', 'letters', 'test');
    mkdirSync(letters, { recursive: true });
    const stale = '.un-sg.en.pdf.2147483000-0badf00d.partial';
    const live = `.un-sg.en.pdf.${process.pid}-0badf00d.partial`;
    writeFileSync(join(letters, stale), '%PDF-1.3 cut short');
    writeFileSync(join(letters, live), '%PDF-1.3 being written');
    writeFileSync(join(dir, 'archive', '.manifest.json.2147483000-12345678.tmp'), '{');
    const r = petition(['render'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(letters).sort()).toEqual([live, 'fr-minister.en.pdf', 'kh-copy.km.pdf', 'un-sg.en.pdf'].sort());
    expect(readdirSync(join(dir, 'archive')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--out that cannot be written', () => {
  // root writes into a read-only folder anyway: the check is about permissions, so it needs an ordinary user.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('is exit 2 for a read-only folder', () => {
    const dir = project();
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    try {
      const r = petition(['render', '--out', 'ro'], dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: ro: --out: is a read-only folder \(/m);
    } finally {
      chmodSync(join(dir, 'ro'), 0o755);
    }
  });
});
