// The package as npm would publish it: packed, installed with `npm install -g` into a fresh prefix from a registry on
// loopback, and run in a folder outside the repository — the templates, fonts and schema come from the package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { runAsync, type CliResult } from '../support/cli.js';
import { checkedToday, makeProject, repoRoot, rosterYaml } from '../support/fixtures.js';
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
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8', env: plainEnv() })) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path);
    registry = await startLocalRegistry(join(repoRoot, 'package-lock.json'));
    const prefix = join(work, 'prefix');
    const args = ['install', '--global', '--prefix', prefix, '--registry', registry.url, '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--no-update-notifier', join(work, packed[0]!.filename)];
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
    for (const wanted of ['bin/petition.js', 'dist/cli.js', 'package.json', 'README.md', 'LICENSE', 'recipients/roster.schema.json', 'recipients/paris-conference-2017.yaml', 'templates/fonts/NotoSerifKhmer-Regular.ttf', 'templates/km/labels.yaml', 'petitions/2024-independent-review/petition.md'])
      expect(files).toContain(wanted);
    expect(files.filter((f) => /^(src|tests|bench|\.ci|\.github)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('installs a petition command that reports its version', async () => {
    expect(existsSync(bin)).toBe(true);
    const r = await installed(['--version'], work);
    expect(r.stdout.trim()).toBe(version);
  });

  it('validates, previews, renders and sends a campaign that has no templates or schema of its own, with absolute paths, and status reads the archive alone', async () => {
    const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');
    const project = makeProject({ 'recipients/test-roster.yaml': roster });
    dirs.push(project);
    rmSync(join(project, 'templates'), { recursive: true });
    rmSync(join(project, 'recipients', 'roster.schema.json'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'petition-elsewhere-'));
    dirs.push(elsewhere);
    const out = join(elsewhere, 'archive');

    const validate = await installed(['validate'], project);
    expect(validate.code, validate.stderr).toBe(0);
    const preview = await installed(['preview', '--json'], project);
    expect(preview.code, preview.stderr).toBe(0);
    expect((JSON.parse(preview.stdout) as { letters: unknown[] }).letters.length).toBeGreaterThan(2);

    const rendered = await installed(['-C', project, 'render', '--out', out, '--only', 'un-sg', '--json'], elsewhere);
    expect(rendered.code, rendered.stderr).toBe(0);
    const pdf = (JSON.parse(rendered.stdout) as { letters: { files: { path: string; kind: string }[] }[] }).letters[0]!.files.find((f) => f.kind === 'letter-pdf')!;
    expect(readFileSync(join(out, pdf.path)).subarray(0, 5).toString()).toBe('%PDF-');

    const sent = await installed(['-C', project, 'send', '--yes', '--roster', join(project, 'recipients', 'test-roster.yaml'), '--out', out], elsewhere);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received.map((m) => m.to[0]).sort()).toEqual(['minister@example.org', 'sg@example.org']);
    const again = await installed(['-C', project, 'send', '--yes', '--out', out], elsewhere);
    expect(again.code, again.stderr).toBe(0);
    expect(server.received).toHaveLength(2);

    const status = await installed(['status', '--out', out, '--json'], elsewhere);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string }[] }).letters;
    expect(rows.filter((r) => r.status === 'sent').map((r) => r.id).sort()).toEqual(['test/fr-minister/en', 'test/un-sg/en']);
  });
});
