// `petition ledger settle`: a person records what became of a letter of unknown delivery; the built binary on a real
// archive folder (removed afterwards).
import { promises as fs, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

const rec = (letter: string, event: string, extra: object = {}): string => JSON.stringify({ v: 1, at: '2026-10-23T01:00:00.000Z', letter, event, contentHash: 'h', ...extra });

async function archive(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'petition-settle-'));
  dirs.push(dir);
  const ledger = [
    rec('p/un/en', 'queued'),
    rec('p/un/en', 'sending', { messageId: '<a@example.org>' }),
    rec('p/un/en', 'unknown'),
    rec('p/fr/en', 'queued'),
    rec('p/fr/en', 'sending'),
    rec('p/id/en', 'queued'),
    rec('p/id/en', 'sending'),
    rec('p/id/en', 'sent'),
  ];
  await fs.mkdir(join(dir, 'archive'));
  await fs.writeFile(join(dir, 'archive', 'ledger.jsonl'), `${ledger.join('\n')}\n`);
  return dir;
}

const statuses = (dir: string): Record<string, string> => {
  const r = petition(['status', '--json'], dir);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries((JSON.parse(r.stdout) as { letters: { id: string; status: string }[] }).letters.map((l) => [l.id, l.status]));
};

describe('petition ledger settle', () => {
  it('records a letter of unknown delivery as delivered or not, by hand, with the note', async () => {
    const dir = await archive();
    expect(statuses(dir)).toMatchObject({ 'p/un/en': 'unknown', 'p/fr/en': 'unknown' });
    const delivered = petition(['ledger', 'settle', 'p/un/en', '--delivered', '--note', 'the office confirmed receipt'], dir);
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(delivered.stdout).toMatch(/^archive\/ledger\.jsonl: p\/un\/en: settled by hand as delivered/);
    const notDelivered = petition(['ledger', 'settle', 'p/fr/en', '--not-delivered', '--note', 'server log: connection lost before the message'], dir);
    expect(notDelivered.code, notDelivered.stderr).toBe(0);
    expect(statuses(dir)).toMatchObject({ 'p/un/en': 'sent', 'p/fr/en': 'queued', 'p/id/en': 'sent' });
    const last = (await fs.readFile(join(dir, 'archive', 'ledger.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .slice(-2)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(last[0]).toMatchObject({ letter: 'p/un/en', event: 'sent', byHand: true, messageId: '<a@example.org>', reason: 'settled by hand as delivered: the office confirmed receipt' });
    expect(last[1]).toMatchObject({ letter: 'p/fr/en', event: 'deferred', byHand: true });
  });

  it.each([
    [['p/id/en', '--delivered', '--note', 'x'], /archive\/ledger\.jsonl: p\/id\/en: is sent, not unknown/],
    [['p/xx/en', '--delivered', '--note', 'x'], /archive\/ledger\.jsonl: p\/xx\/en: has no record in this ledger/],
    [['p/un/en', '--note', 'x'], /command line: --delivered: give exactly one of --delivered and --not-delivered/],
    [['p/un/en', '--delivered', '--not-delivered', '--note', 'x'], /command line: --delivered: give exactly one/],
    [['p/un/en', '--delivered', '--note', ' '], /command line: --note: is empty/],
  ])('refuses %j with exit 2 and leaves the ledger alone', async (args, message) => {
    const dir = await archive();
    const before = await fs.readFile(join(dir, 'archive', 'ledger.jsonl'), 'utf8');
    const r = petition(['ledger', 'settle', ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await fs.readFile(join(dir, 'archive', 'ledger.jsonl'), 'utf8')).toBe(before);
  });
});
