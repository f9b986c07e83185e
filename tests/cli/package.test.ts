// The package as npm would publish it: packed, installed with `npm install -g` into a fresh prefix from a registry on
// loopback, and run in a folder outside the repository — the templates, fonts and schema come from the package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllArgs, checkedApproval, runAsync, type CliResult } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startLocalRegistry, type LocalRegistry } from '../support/registry.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment without npm's own script variables, so the child npm reads only the flags we give it. */
function plainEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(config|package|lifecycle)_/i.test(k)));
}

describe('the installed package', () => {
  const dirs: string[] = [];
  let work: string;
  let files: string[];
  let bin: string;
  let registry: LocalRegistry;
  let server: TestServer;
  const installed = (args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runAsync(bin, args, cwd, { ...plainEnv(), SMTP_URL: `smtp://127.0.0.1:${server.port}`, ...env });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'petition-package-'));
    dirs.push(work);
    // dist/ is fresh (the test script builds first); prepack's clean build is for publishing.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8', env: plainEnv() })) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    registry = await startLocalRegistry(join(repoRoot, 'package-lock.json'));
    const prefix = join(work, 'prefix');
    const args = [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--registry',
      registry.url,
      '--cache',
      join(work, 'npm-cache'),
      '--no-audit',
      '--no-fund',
      '--no-update-notifier',
      join(work, packed[0]!.filename),
    ];
    const install = await runAsync('npm', args, work, plainEnv());
    if (install.code !== 0) throw new Error(`npm install failed: ${install.stderr}`);
    bin = join(prefix, 'bin', 'petition');
    server = await startTestServer();
  }, 180_000);
  afterAll(async () => {
    await registry?.close();
    await server?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('packs the built code, templates, fonts, schema and bundled campaign, and nothing of the repository’s own', () => {
    for (const wanted of [
      'bin/petition.js',
      'dist/cli.js',
      'package.json',
      'README.md',
      'LICENSE',
      'recipients/roster.schema.json',
      'recipients/paris-conference-2017.yaml',
      'templates/fonts/NotoSerifKhmer-Regular.ttf',
      'templates/km/labels.yaml',
      'petitions/2024-independent-review/petition.md',
    ])
      expect(files).toContain(wanted);
    expect(files.filter((f) => /^(src|tests|bench|\.ci|\.github)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs a petition command that reports its version', async () => {
    expect(existsSync(bin)).toBe(true);
    const r = await installed(['--version'], work);
    expect(r.stdout.trim()).toBe(version);
  });

  it('init, validate, preview, render and send in a folder outside the repository, with absolute paths; status reads the archive alone', async () => {
    const campaign = mkdtempSync(join(tmpdir(), 'petition-campaign-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'petition-elsewhere-'));
    dirs.push(campaign, elsewhere);
    const init = await installed(['init', '--slug', 'letters-2027'], campaign);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(campaign, 'templates'))).toBe(false); // the package's own templates, fonts and schema serve
    const validate = await installed(['validate'], campaign);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toMatch(/placeholder/);
    const preview = await installed(['preview', '--json'], campaign);
    expect(preview.code, preview.stderr).toBe(0);
    expect((JSON.parse(preview.stdout) as { letters: unknown[] }).letters).toHaveLength(2);

    // The organiser replaces the placeholders with their own addressees (here still at example.org).
    const rosterFile = join(campaign, 'recipients', 'letters-2027.yaml');
    writeFileSync(rosterFile, readFileSync(rosterFile, 'utf8').replaceAll('    placeholder: true\n', ''));
    const out = join(elsewhere, 'archive');
    const rendered = await installed(['-C', campaign, 'render', '--out', out, '--json'], elsewhere);
    expect(rendered.code, rendered.stderr).toBe(0);
    const pdf = (JSON.parse(rendered.stdout) as { letters: { files: { path: string; kind: string }[] }[] }).letters[0]!.files.find((f) => f.kind === 'letter-pdf')!;
    expect(readFileSync(join(out, pdf.path)).subarray(0, 5).toString()).toBe('%PDF-');

    // A reviewer approves the letters, with the installed command, before they may be sent.
    checkedApproval(await installed(['-C', campaign, ...approveAllArgs(['--roster', rosterFile])], elsewhere));
    const send = ['-C', campaign, 'send', '--yes', '--roster', rosterFile, '--out', out];
    const sent = await installed(send, elsewhere);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received.map((m) => m.to[0])).toEqual(['minister@example.org']);
    const again = await installed(send, elsewhere);
    expect(again.code, again.stderr).toBe(0);
    expect(server.received).toHaveLength(1);

    const status = await installed(['status', '--out', out, '--json'], elsewhere);
    expect(status.code, status.stderr).toBe(0);
    const ledger = readFileSync(join(out, 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { letter: string; event: string });
    const sentInLedger = ledger.filter((r) => r.event === 'sent').map((r) => r.letter);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string }[] }).letters;
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.id)).toEqual(sentInLedger);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['letters-2027/example-minister/en', 'sent'],
      ['letters-2027/example-adviser/en', 'print'],
    ]);
  });

  it('refuses the bundled 2024 petition for its 2017 roster, and sends it once the roster is vouched for', async () => {
    const bundled = join(bin, '..', '..', 'lib', 'node_modules', 'petition');
    const out = join(mkdtempSync(join(tmpdir(), 'petition-bundled-')), 'archive');
    dirs.push(join(out, '..'));
    const args = ['-C', bundled, 'send', '--petition', '2024-independent-review', '--yes', '--out', out];
    const refused = await installed(args, work);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/roster paris-conference-2017 \(recipients\/paris-conference-2017\.yaml, as of 2017-10-23\) is older than 180 days/);
    const vouched = await installed([...args, '--roster-checked-on', new Date().toISOString().slice(0, 10)], work);
    expect(vouched.code, vouched.stderr).toBe(0);
    // No addressee of that roster has a published email: every letter is a print letter, none was mailed.
    expect(vouched.stdout).toMatch(/0 sent, 0 failed, 0 unknown, 0 skipped, 24 print/);
  });
});
