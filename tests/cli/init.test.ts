// `petition init` as a user runs it: the built binary in real temp folders (removed afterwards), then the real
// `validate`, `preview` and `send` on what it made.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { petitionSchema } from '../../src/core/petition-schema.js';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { petition, petitionAsync } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const scaffoldPaths = (slug: string, roster = slug) => [
  `petitions/${slug}/petition.md`,
  `petitions/${slug}/signatures/online.csv`,
  `petitions/${slug}/signatures/README.md`,
  `recipients/${roster}.yaml`,
  'recipients/roster.schema.json',
  '.gitignore',
  '.github/workflows/send-on-anniversary.yml',
];

let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));
const newBase = () => (base = mkdtempSync(join(tmpdir(), 'petition-init-')));

/** Every file below `dir` with its text, and every folder (as `path/`), so a refused init can be shown to have changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    entries[entry.isDirectory() ? `${path}/` : path] = entry.isFile() ? readFileSync(join(dir, path), 'utf8') : entry.isSymbolicLink() ? '-> link' : '';
  }
  return entries;
}

const filesIn = (dir: string): string[] =>
  Object.keys(snapshot(dir))
    .filter((path) => !path.endsWith('/'))
    .sort();

const frontMatter = (text: string): string => /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';

/** Today in UTC; a test that straddles midnight may see either day. */
const todays = (): string[] => [new Date().toISOString().slice(0, 10), new Date(Date.now() - 60_000).toISOString().slice(0, 10)];

describe('petition init', () => {
  it('makes a new folder whose campaign validates and previews at once, and says what to do next', () => {
    newBase();
    const r = petition(['init', 'free-elections'], base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    for (const path of scaffoldPaths('free-elections')) expect(r.stdout).toContain(`  ${path}\n`);
    for (const step of ['cd free-elections', 'petition validate', 'petition preview', 'petition send --test-to', 'petition send\n', 'petition status']) expect(r.stdout).toContain(step);
    const dir = join(base, 'free-elections');
    expect(filesIn(dir)).toEqual(scaffoldPaths('free-elections').sort());

    const validated = petition(['validate'], dir);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('ok: 1 petition(s), 2 letter(s) merged without error, 4 warning(s)');
    // The roster passes the age guard (checked today), but nobody can take its addressees for real ones.
    expect(validated.stderr).not.toMatch(/last verified/);
    expect(validated.stderr.match(/^warning: recipients\/free-elections\.yaml:\d+: addressees\.example-[a-z]+: is a placeholder, not a real addressee: send refuses it/gm)).toHaveLength(2);
    expect(validated.stderr).toMatch(/^warning: petitions\/free-elections\/signatures\/online\.csv:1: no signatures after the header/m);

    const previewed = petition(['preview'], dir);
    expect(previewed.code, previewed.stderr).toBe(0);
    expect(previewed.stdout).toContain('To:          Example Minister <minister@example.org>');
    expect(previewed.stdout).toContain('To:          Ms Example Adviser (no email: print letter)');
    expect(previewed.stdout).toContain('We, the undersigned, ask you, Example Minister, to act.');
    expect(previewed.stdout).toContain('This petition is supported by 0 signatures from 0 countries.');
  });

  it('dates the petition and the placeholder roster today, and fills in every value', () => {
    newBase();
    expect(petition(['init', '--slug', '2025-test'], base).code).toBe(0);
    const files = snapshot(base);
    for (const [path, text] of Object.entries(files)) expect(text, path).not.toContain('@@');
    expect(
      Object.keys(files)
        .filter((path) => !path.endsWith('/'))
        .sort(),
    ).toEqual(scaffoldPaths('2025-test').sort());
    const meta = parseYamlText(frontMatter(files['petitions/2025-test/petition.md']!)) as { date: string; roster: string; anniversary: { date: string } };
    expect(todays()).toContain(meta.date);
    expect(meta.anniversary.date).toBe(meta.date.slice(5));
    expect(meta.roster).toBe('2025-test');
    const roster = parseYamlText(files['recipients/2025-test.yaml']!) as { id: string; as_of: string; addressees: { verified_on: string; email?: string; placeholder: boolean; source: string }[] };
    expect(roster.id).toBe('2025-test');
    expect(roster.as_of).toBe(meta.date);
    for (const a of roster.addressees) {
      expect(a).toMatchObject({ verified_on: meta.date, placeholder: true, source: expect.stringMatching(/^placeholder/) });
      if (a.email) expect(a.email).toMatch(/@example\.org$/);
    }
    expect(files['recipients/2025-test.yaml']!.split('\n')[0]).toBe('# yaml-language-server: $schema=./roster.schema.json');
    expect(files['recipients/roster.schema.json']).toBe(readFileSync(join(repoRoot, 'recipients', 'roster.schema.json'), 'utf8'));
  });

  it('names every field of the petition schema, each top-level one under a comment saying what it is', () => {
    newBase();
    expect(petition(['init', '--slug', 'fields'], base).code).toBe(0);
    const yaml = frontMatter(readFileSync(join(base, 'petitions/fields/petition.md'), 'utf8'));
    // A field added to the schema but not to the scaffold fails here: present, or shown commented out.
    for (const key of schemaKeys(petitionSchema)) expect(yaml, key).toMatch(new RegExp(`(^|[\\s{,#-])${key}:`, 'm'));
    const lines = yaml.split('\n');
    for (const key of Object.keys(petitionSchema.properties)) {
      const at = lines.findIndex((line) => line.startsWith(`${key}:`));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1], key).toMatch(/^#/);
    }
  });

  it('writes a header-only signatures file that matches the columns mapping, and a .gitignore that keeps personal data out', () => {
    newBase();
    expect(petition(['init', '--slug', 'sig'], base).code).toBe(0);
    const meta = parseYamlText(frontMatter(readFileSync(join(base, 'petitions/sig/petition.md'), 'utf8'))) as { signatures: { sources: { path: string; columns: Record<string, string> }[] } };
    const source = meta.signatures.sources[0]!;
    const csv = readFileSync(join(base, 'petitions/sig', source.path), 'utf8');
    expect(csv.split('\n').filter(Boolean)).toHaveLength(1);
    expect(csv.trim().split(',')).toEqual(Object.values(source.columns));
    const ignored = readFileSync(join(base, '.gitignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/signatures/*', '!**/signatures/README.md', 'rejects*.csv', '/archive/', '/review/']));
  });

  it('writes the scheduled workflow running the installed package, its other steps as the repository has them', () => {
    newBase();
    expect(petition(['init', '--slug', 'wf'], base).code).toBe(0);
    type Workflow = { on: { schedule: { cron: string }[] }; jobs: { send: { if: string; steps: { name?: string; run?: string; uses?: string }[] } } };
    const made = parseYamlText(readFileSync(join(base, '.github/workflows/send-on-anniversary.yml'), 'utf8')) as Workflow;
    const ours = parseYamlText(readFileSync(join(repoRoot, '.github/workflows/send-on-anniversary.yml'), 'utf8')) as Workflow;
    expect(made.on.schedule).toEqual(ours.on.schedule);
    expect(made.jobs.send.if).toBe("${{ vars.PETITION_SEND_ENABLED == 'true' }}");
    const runs = made.jobs.send.steps.map((s) => s.run ?? '');
    expect(runs).toContain(`npm install --global --no-audit --no-fund petition@${version}`);
    expect(made.jobs.send.steps.find((s) => s.name === 'Send')?.run).toBe('petition send --yes --on-anniversary --out archive');
    expect(runs.join('\n')).not.toMatch(/npm ci|npm run build|npx /);
    // The archive steps (marker, restore, keep, upload) are the repository's own, so a fix there must reach here too.
    const named = (w: Workflow) => w.jobs.send.steps.filter((s) => s.name && s.name !== 'Send');
    expect(named(made)).toEqual(named(ours));
  });

  it('refuses to run twice: exit 2 naming every file that exists, nothing changed', () => {
    newBase();
    expect(petition(['init', '--slug', 'twice'], base).code).toBe(0);
    writeFileSync(join(base, 'petitions/twice/petition.md'), 'edited by hand\n');
    const before = snapshot(base);
    const r = petition(['init', '--slug', 'twice'], base);
    expect(r.code).toBe(2);
    for (const path of scaffoldPaths('twice')) expect(r.stderr).toContain(`error: ${path}: already exists: init never overwrites a file (move it aside, or init another folder)\n`);
    expect(r.stderr).toMatch(/7 error\(s\): nothing was sent or written/);
    expect(snapshot(base)).toEqual(before);
  });

  it('writes into a folder that holds other files, but refuses if one file it would write exists, and writes nothing', () => {
    newBase();
    writeFileSync(join(base, 'notes.txt'), 'mine\n');
    writeFileSync(join(base, '.gitignore'), 'node_modules/\n');
    const r = petition(['init', '--slug', 'one'], base);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['error: .gitignore: already exists: init never overwrites a file (move it aside, or init another folder)', '1 error(s): nothing was sent or written']);
    expect(snapshot(base)).toEqual({ 'notes.txt': 'mine\n', '.gitignore': 'node_modules/\n' });

    rmSync(join(base, '.gitignore'));
    expect(petition(['init', '--slug', 'one'], base).code).toBe(0);
    expect(readFileSync(join(base, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it.each([
    ['a missing parent folder', 'missing/campaign', () => {}, /^error: missing\/campaign: its parent folder missing does not exist \(create it first: init makes only the last folder\)$/m],
    ['a file where the campaign folder should be', 'campaign', () => writeFileSync(join(base, 'campaign'), 'x'), /^error: campaign: is a file, not a folder/m],
    [
      'a file where a folder inside it should be',
      'campaign',
      () => {
        mkdirSync(join(base, 'campaign'));
        writeFileSync(join(base, 'campaign/recipients'), 'x');
      },
      /^error: campaign\/recipients: is a file, but init needs a folder here/m,
    ],
    [
      'a symbolic link where a folder inside it should be',
      'campaign',
      () => {
        mkdirSync(join(base, 'elsewhere'));
        mkdirSync(join(base, 'campaign'));
        symlinkSync(join(base, 'elsewhere'), join(base, 'campaign/recipients'));
      },
      /^error: campaign\/recipients: is a symbolic link: init writes only into real folders/m,
    ],
    ['an unknown bundled roster', 'campaign --roster-from nope', () => {}, /^error: nope: --roster-from: no such bundled roster \(bundled rosters: paris-conference-2017\)$/m],
    ['a slug that is not a safe folder name', 'campaign --slug ../Up', () => {}, /'--slug <slug>' argument '\.\.\/Up' is invalid\. "\.\.\/Up" is not a petition slug/],
  ])('%s → exit 2, one line naming it, nothing written', (_name, args, prepare, expected) => {
    newBase();
    prepare();
    const before = snapshot(base);
    const r = petition(['init', ...args.split(' ')], base);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(snapshot(base)).toEqual(before);
  });

  it('--roster-from copies a bundled roster, points the petition at it, and says it must be checked', () => {
    newBase();
    const r = petition(['init', 'paris', '--roster-from', 'paris-conference-2017'], base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Check every addressee in recipients/paris-conference-2017.yaml (as of 2017-10-23)');
    const dir = join(base, 'paris');
    expect(filesIn(dir)).toEqual(scaffoldPaths('paris', 'paris-conference-2017').sort());
    expect(readFileSync(join(dir, 'recipients/paris-conference-2017.yaml'), 'utf8')).toBe(readFileSync(join(repoRoot, 'recipients/paris-conference-2017.yaml'), 'utf8'));
    const meta = parseYamlText(frontMatter(readFileSync(join(dir, 'petitions/paris/petition.md'), 'utf8'))) as { roster: string; to: string[]; cc: string[] };
    expect(meta).toMatchObject({ roster: 'paris-conference-2017', to: ['un', 'co-chair', 'signatory', 'copy'], cc: [] });
    const validated = petition(['validate'], dir);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('ok: 1 petition(s), 24 letter(s) merged without error');
    expect(validated.stderr).toMatch(/addressees\.un-secretary-general: last verified on 2017-10-23/);
    expect(validated.stderr).not.toMatch(/placeholder/);
  });

  it('--json gives the folder, slug, roster and files', () => {
    newBase();
    const r = petition(['init', 'c', '--json'], base);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, folder: 'c', slug: 'c', roster: 'recipients/c.yaml', files: scaffoldPaths('c') });
  });

  it('takes the slug from the folder name, made safe', () => {
    newBase();
    const r = petition(['init', 'Élections Libres 2025', '--json'], base);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { slug: string }).slug).toBe('elections-libres-2025');
  });
});

describe('send on a fresh scaffold', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses the placeholder addressees (exit 3), and lets a test send go to the tester', async () => {
    newBase();
    expect(petition(['init', '--slug', 'fresh'], base).code).toBe(0);
    const env = { SMTP_URL: `smtp://127.0.0.1:${server.port}` };
    const refused = await petitionAsync(['send', '--yes'], base, env);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/^refused: fresh: roster fresh \(recipients\/fresh\.yaml\) still holds 2 placeholder addressee\(s\): example-minister, example-adviser/m);
    expect(server.received).toHaveLength(0);
    expect(existsSync(join(base, 'archive', 'ledger.jsonl'))).toBe(false);

    const tested = await petitionAsync(['send', '--yes', '--test-to', 'tester@example.net'], base, env);
    expect(tested.code, tested.stderr).toBe(0);
    expect(server.received.map((m) => m.to)).toEqual([['tester@example.net']]);
  }, 30_000);
});

/** Every property name in a JSON schema, at any depth (objects, and the items of arrays). */
function schemaKeys(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; items?: unknown };
  const own = Object.entries(node.properties ?? {}).flatMap(([key, sub]) => [key, ...schemaKeys(sub)]);
  return [...own, ...schemaKeys(node.items)];
}
