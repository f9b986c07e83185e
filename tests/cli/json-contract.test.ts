// The JSON contract: every command's --json output and manifest.json, from the built binary on temp projects (a real
// SMTP server on loopback for send), validated against its schema in src/core/json-schemas.ts. Version 1 manifests,
// as the previous release wrote them, are still read, merged and rewritten as version 2.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemas, type JsonOutputName } from '../../src/core/json-schemas.js';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAll, petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, petitionMd, rosterYaml } from '../support/fixtures.js';
import { printRosterYaml } from '../print/fixtures.js';

const MANIFEST_V1 = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'manifest-v1.json');
// Two addressees with email (the minister's connection is cut mid-message: an unknown letter), one print letter.
const roster = checkedToday(rosterYaml).replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = Object.fromEntries(Object.entries(jsonSchemas).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<JsonOutputName, ValidateFunction>;
const problemsOf = (name: JsonOutputName, value: unknown): string => (validators[name](value) ? '' : ajv.errorsText(validators[name].errors));

const folders: string[] = [];
const track = (dir: string): string => (folders.push(dir), dir);
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;
const parsed = (r: { stdout: string; stderr: string }): Json => {
  expect(r.stdout, r.stderr).not.toBe('');
  return JSON.parse(r.stdout) as Json;
};
const manifestIn = (dir: string): Json => JSON.parse(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')) as Json;

describe('every --json output and manifest.json match their schema', () => {
  const outputs = new Map<string, { schema: JsonOutputName; value: Json }>();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ verdict: (a) => (a.rcpt[0] === 'minister@example.org' ? 'cut' : 'accept') });
    const keep = (label: string, schema: JsonOutputName, value: Json) => outputs.set(label, { schema, value });
    const run = (args: string[], cwd: string, code = 0): Json => {
      const r = petition(args, cwd);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      return parsed(r);
    };

    const empty = track(mkdtempSync(join(tmpdir(), 'petition-json-init-')));
    keep('init', 'init', run(['init', 'campaign', '--json'], empty));

    const dir = track(makeProject({ 'recipients/test-roster.yaml': roster }));
    keep('preview', 'preview', run(['preview', '--json'], dir));
    keep('review', 'review', run(['review', '--json'], dir));
    keep('count', 'count', run(['count', '--json'], dir));
    keep('count --suggest-mapping', 'suggest_mapping', run(['count', 'petitions/test/signatures/online.csv', '--suggest-mapping', '--json'], dir));
    keep('render', 'render', run(['render', '--json'], dir));
    keep('manifest.json after render', 'manifest', manifestIn(dir));
    keep('print, no postal address', 'print', run(['print', '--json'], dir));
    const addressed = track(makeProject({ 'recipients/test-roster.yaml': checkedToday(printRosterYaml) }));
    approveAll(addressed);
    keep('print', 'print', run(['print', '--duplex', '--json'], addressed));

    keep('approvals, none yet', 'approvals', run(['approvals', '--json'], dir));
    keep('approve', 'approve', run(['approve', '--only', 'un-sg', '--by', 'Ada Reviewer <ada@example.org>', '--json'], dir));
    approveAll(dir);
    keep('approvals', 'approvals', run(['approvals', '--json'], dir));
    const sent = await petitionAsync(['send', '--yes', '--json'], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(sent.code, sent.stderr).toBe(1); // the minister's letter is unknown
    keep('send', 'send', parsed(sent));
    keep('manifest.json after send', 'manifest', manifestIn(dir));
    keep('status', 'status', run(['status', '--json'], dir));
    keep('ledger settle', 'ledger_settle', run(['ledger', 'settle', 'test/fr-minister/en', '--delivered', '--note', 'the ministry confirmed receipt', '--json'], dir));
    keep('ledger check', 'ledger_check', run(['ledger', 'check', '--json'], dir));
    // The print letter goes in the post, and comes back.
    keep('posted', 'post', run(['posted', 'kh-copy', '--tracking', 'RR123456789FR', '--service', 'La Poste', '--json'], dir));
    keep('status, a letter posted', 'status', run(['status', '--json'], dir));
    keep('returned', 'post', run(['returned', 'kh-copy', '--reason', 'addressee unknown', '--json'], dir));
    keep('report', 'report', run(['report', '--json'], dir));
    renameSync(join(dir, 'archive', 'ledger.jsonl'), join(dir, 'archive', 'ledger.jsonl.lost'));
    keep('ledger check, no ledger', 'ledger_check', run(['ledger', 'check', '--json'], dir, 2));
    keep('ledger recover', 'ledger_recover', run(['ledger', 'recover', '--json'], dir));

    // A scheduled run three months before the anniversary: nothing to do, the guard's decision in the report.
    const inThreeMonths = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(5, 10);
    const scheduled = track(makeProject({ 'recipients/test-roster.yaml': roster, 'petitions/test/petition.md': petitionMd.replace('date: "10-23"', `date: "${inThreeMonths}"`) }));
    approveAll(scheduled); // approved: what keeps the run idle is the anniversary guard
    const guarded = await petitionAsync(['send', '--yes', '--on-anniversary', '--json'], scheduled, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(guarded.code, guarded.stderr).toBe(0);
    keep('send --on-anniversary', 'send', parsed(guarded));
    // A letter changed after it was approved: its earlier approval under `previous`.
    writeFileSync(join(scheduled, 'recipients', 'test-roster.yaml'), roster.replace('      en: Dear Secretary-General', '      en: Dear Madam Secretary-General'));
    keep('approvals, one changed', 'approvals', run(['approvals', '--json'], scheduled));
  }, 120_000);
  afterAll(async () => server?.close());

  const labels = [
    'init',
    'preview',
    'review',
    'count',
    'count --suggest-mapping',
    'render',
    'manifest.json after render',
    'print, no postal address',
    'print',
    'send',
    'manifest.json after send',
    'status',
    'ledger settle',
    'ledger check',
    'posted',
    'status, a letter posted',
    'returned',
    'report',
    'ledger check, no ledger',
    'ledger recover',
    'send --on-anniversary',
    'approvals, none yet',
    'approve',
    'approvals',
    'approvals, one changed',
  ];

  it('the changed letter names its earlier approval', () => {
    const letters = (outputs.get('approvals, one changed')?.value.letters ?? []) as { id: string; state: string; previous?: { approvers: unknown[] } }[];
    expect(letters.find((l) => l.id === 'test/un-sg/en')).toMatchObject({ state: 'changed', previous: { approvers: [{ name: 'Test Reviewer', email: 'reviewer@example.org' }] } });
  });

  it.each(labels)('%s', (label) => {
    const output = outputs.get(label)!;
    expect(problemsOf(output.schema, output.value)).toBe('');
    expect(output.value.version).toBe(output.schema === 'manifest' ? 2 : 1);
  });

  it('names the same hash and message id alike in every output, with the same value', () => {
    const value = (label: string) => outputs.get(label)!.value;
    const previewed = value('preview').letters as { id: string; content_hash: string }[];
    const manifested = value('manifest.json after send').letters as { id: string; content_hash: string; delivery?: { message_id?: string } }[];
    expect(manifested.map((l) => [l.id, l.content_hash]).sort()).toEqual(previewed.map((l) => [l.id, l.content_hash]).sort());

    const [report] = value('send').reports as { run_id: string; test_mode: boolean; outcomes: { id: string; status: string; message_id?: string }[] }[];
    expect(report).toMatchObject({ run_id: expect.stringMatching(/^[0-9a-f-]{36}$/), test_mode: false });
    const sentOne = report!.outcomes.find((o) => o.id === 'test/un-sg/en');
    expect(sentOne).toMatchObject({ status: 'sent', message_id: expect.stringMatching(/@example\.org>$/) });
    expect(report!.outcomes.find((o) => o.id === 'test/fr-minister/en')?.status).toBe('unknown');
    expect(manifested.find((l) => l.id === 'test/un-sg/en')?.delivery?.message_id).toBe(sentOne?.message_id);

    const rows = value('status').letters as { id: string; times_sent: number; message_id?: string }[];
    expect(rows.find((r) => r.id === 'test/un-sg/en')).toMatchObject({ times_sent: 1, message_id: sentOne?.message_id });
    // Recovered from the version 2 manifest: the letter it says was sent, with its Message-ID.
    expect(value('ledger recover').recovered).toContainEqual({ letter: 'test/un-sg/en', event: 'sent', proven_by: 'manifest.json', message_id: sentOne?.message_id, at: expect.any(String) });
  });

  // One key of each real output put back in camelCase: the schema must refuse it, so the check above can fail.
  it.each([
    ['preview', ['letters', 0, 'content_hash']],
    ['count', ['counts', 0, 'declared_total']],
    ['count --suggest-mapping', ['suggestions', 0, 'rows_read']],
    ['render', ['letters', 0, 'content_hash']],
    ['manifest.json after send', ['letters', 0, 'delivery', 'message_id']],
    ['send', ['reports', 0, 'run_id']],
    ['status', ['letters', 0, 'times_sent']],
    ['ledger settle', ['settled_as']],
    ['posted', ['recorded', 0, 'content_hash']],
    ['status, a letter posted', ['letters', 2, 'post', 'posted_on']],
    ['ledger check', ['torn_last_line']],
    ['ledger recover', ['recovered', 0, 'message_id']],
    ['print', ['packs', 0, 'address_needed']],
  ] as const)('%s with %j in camelCase is refused', (label, path) => {
    const output = outputs.get(label)!;
    const changed = withKeyCamelCased(output.value, path);
    expect(problemsOf(output.schema, changed)).toMatch(/must NOT have additional properties/);
  });

  it.each(labels)('%s without its version, or with another, is refused', (label) => {
    const output = outputs.get(label)!;
    const { version, ...unversioned } = output.value;
    expect(problemsOf(output.schema, unversioned)).toMatch(/must have required property 'version'/);
    expect(problemsOf(output.schema, { ...unversioned, version: Number(version) + 1 })).toMatch(/version must be equal to constant/);
  });

  it('posted and returned name the print letter as status and report show it', () => {
    const row = (outputs.get('status, a letter posted')!.value.letters as { id: string; status: string; channel?: string; post?: Json }[]).find((r) => r.id === 'test/kh-copy/km');
    expect(row).toMatchObject({ status: 'posted', channel: 'print', post: { state: 'posted', tracking: 'RR123456789FR', service: 'La Poste', times_posted: 1 } });
    expect(outputs.get('returned')!.value).toMatchObject({ event: 'returned', recorded: [{ letter: 'test/kh-copy/km', reason: 'addressee unknown' }] });
    const [year] = outputs.get('report')!.value.reports as { total: { print: number; posted: number; returned: number } }[];
    expect(year?.total).toMatchObject({ print: 1, posted: 0, returned: 1 });
  });

  it('send says whether delivery reports were asked for: this server offers no DSN', () => {
    const [report] = outputs.get('send')!.value.reports as { delivery_reports?: string; return_path?: boolean }[];
    expect(report?.delivery_reports).toBe('not-offered');
    expect(report?.return_path).toBeUndefined();
  });

  it('send --on-anniversary reports the decision, its keys in snake_case', () => {
    const [report] = outputs.get('send --on-anniversary')!.value.reports as { anniversary?: Json }[];
    expect(report?.anniversary).toMatchObject({ action: 'wait', exit_code: 0, days_until: expect.any(Number), next: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(report?.anniversary?.days_until).toBeGreaterThan(80);
  });

  it('init with an extra key is refused', () => {
    expect(problemsOf('init', { ...outputs.get('init')!.value, rosterFile: 'recipients/campaign.yaml' })).toMatch(/must NOT have additional properties/);
  });
});

describe('manifest.json written by the previous release (version 1)', () => {
  const v1 = JSON.parse(readFileSync(MANIFEST_V1, 'utf8')) as { version: number; petitions: Json[]; letters: Json[] };
  /** A version 1 letter as version 2 names its fields; nothing else changes. */
  const asVersion2 = ({ contentHash, delivery, ...rest }: Json): Json => {
    const { messageId, ...facts } = (delivery ?? {}) as Json;
    return { ...rest, content_hash: contentHash, ...(delivery ? { delivery: { ...facts, message_id: messageId } } : {}) };
  };
  const archiveWithV1 = (): string => {
    const dir = track(makeProject({ 'recipients/test-roster.yaml': roster }));
    mkdirSync(join(dir, 'archive'));
    copyFileSync(MANIFEST_V1, join(dir, 'archive', 'manifest.json'));
    return dir;
  };

  it('is read, merged with a new render and rewritten as version 2, every earlier entry kept', () => {
    expect(v1.version).toBe(1);
    const dir = archiveWithV1();
    const r = petition(['render', '--only', 'fr-minister', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const manifest = manifestIn(dir) as { version: number; petitions: Json[]; letters: Json[] };
    expect(problemsOf('manifest', manifest)).toBe('');
    expect(manifest.letters.map((l) => l.id)).toEqual(['test/un-sg/en', 'test/fr-minister/en', 'test/kh-copy/km']);
    for (const id of ['test/un-sg/en', 'test/kh-copy/km']) expect(manifest.letters.find((l) => l.id === id)).toEqual(asVersion2(v1.letters.find((l) => l.id === id)!));
    expect(manifest.letters.find((l) => l.id === 'test/un-sg/en')?.delivery).toMatchObject({ status: 'sent', message_id: (v1.letters[0]!.delivery as Json).messageId });
    expect(manifest.petitions.map((p) => p.slug)).toEqual(['test']);
    expect(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')).not.toMatch(/"contentHash"|"messageId"/);
  });

  it('proves a letter sent to ledger recover, with the Message-ID it recorded', () => {
    const dir = archiveWithV1();
    const r = petition(['ledger', 'recover', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const delivery = v1.letters[0]!.delivery as Json;
    expect(parsed(r)).toMatchObject({
      version: 1,
      changed: true,
      missing: true,
      recovered: [{ letter: 'test/un-sg/en', event: 'sent', proven_by: 'manifest.json', message_id: delivery.messageId, at: delivery.at }],
    });
  });
});

/** A copy of `value` with the key at the end of `path` renamed to camelCase, its value kept. */
function withKeyCamelCased(value: Json, path: readonly (string | number)[]): Json {
  const copy = structuredClone(value);
  const key = String(path[path.length - 1]);
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const holder = parent as Json;
  expect(holder, `${path.join('.')} is in the output`).toHaveProperty(key);
  // The same object with that one key renamed, in place (the holder is part of `copy`).
  const renamed = Object.entries(holder).map(([k, v]) => [k === key ? key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : k, v] as const);
  for (const k of Object.keys(holder)) Reflect.deleteProperty(holder, k);
  Object.assign(holder, Object.fromEntries(renamed));
  return copy;
}
