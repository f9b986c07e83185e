// The rule of mail-archive.ts, against a real server and real files: the end of a message reaches the server only once
// its .eml is whole at its name and its `sending` record is in the ledger; the .eml files are put at their names in
// batches (written first to temporary files that no reader takes for a message).
import { readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDelivery } from '../../src/io/delivery/runner.js';
import { MailArchive } from '../../src/io/delivery/mail-archive.js';
import { composeMessage } from '../../src/io/mail/compose.js';
import { smtpConfigFromEnv } from '../../src/io/mail/config.js';
import { createSmtpSender } from '../../src/io/mail/smtp-sender.js';
import { LEDGER_FILE } from '../../src/io/archive/layout.js';
import type { ManifestLetter } from '../../src/io/archive/manifest.js';
import { makeLetter } from './letters.js';
import { pdfRenderer, startTestServer, tempDir, type TestServer } from './harness.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** The file's bytes, or undefined when it is not there (yet). */
function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const addressees = Array.from({ length: 20 }, (_, i) => `a${String(i).padStart(2, '0')}`);

describe('the order on disk and on the wire', () => {
  it('the end of every message reaches the server only after its .eml (whole, at its name) and its `sending` record', async () => {
    const out = await tempDir();
    const seenAtTheEnd: { addressee: string; emlIsTheMessage: boolean; sendingRecorded: boolean }[] = [];
    // The server's verdict runs when the end of DATA has arrived: it looks at the archive right then.
    const s = await startTestServer({
      verdict: ({ rcpt, raw }) => {
        const addressee = rcpt[0]?.split('@')[0] ?? '';
        const eml = readIfThere(path.join(out, 'mail', 'paris-2017', `${addressee}.en.eml`));
        const records = (readIfThere(path.join(out, LEDGER_FILE))?.toString('utf8') ?? '')
          .trim()
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as { letter: string; event: string });
        const sendingRecorded = records.some((r) => r.letter === `paris-2017/${addressee}/en` && r.event === 'sending');
        seenAtTheEnd.push({ addressee, emlIsTheMessage: eml?.equals(raw) ?? false, sendingRecorded });
        return 'accept';
      },
    });
    servers.push(s);
    const config = smtpConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${s.port}` });
    const report = await runDelivery(
      addressees.map((a) => makeLetter(a)),
      { out, yes: true, isTTY: false },
      { createSender: () => createSmtpSender(config), renderAll: pdfRenderer(out) },
    );
    expect(report.counts.sent).toBe(addressees.length);
    expect(seenAtTheEnd.map((s) => s.addressee).sort()).toEqual(addressees);
    for (const seen of seenAtTheEnd) expect(seen, seen.addressee).toMatchObject({ emlIsTheMessage: true, sendingRecorded: true });
    // Nothing temporary is left, and the folder holds one .eml per letter.
    expect((await fs.readdir(path.join(out, 'mail', 'paris-2017'))).sort()).toEqual(addressees.map((a) => `${a}.en.eml`));
  });

  it('a written message is at its name only once a batch has synced it; one batch takes every message written so far', async () => {
    const out = await tempDir();
    const letters = addressees.slice(0, 3).map((a) => makeLetter(a));
    const entries = new Map<string, ManifestLetter>(letters.map((l) => [l.id, { id: l.id, files: [] } as unknown as ManifestLetter]));
    const archive = new MailArchive(out, entries, () => undefined);
    const messages = await Promise.all(letters.map((l) => composeMessage(l, [], { date: new Date('2024-10-23T09:00:00Z') })));
    const folder = path.join(out, 'mail', 'paris-2017');
    for (const [i, letter] of letters.entries()) await archive.write(letter, messages[i]!);

    // Written, not yet at their names: a reader (ledger recover, status) sees no message there, only temporary files.
    const written = await fs.readdir(folder);
    expect(written).toHaveLength(3);
    expect(written.every((name) => name.startsWith('.') && name.endsWith('.tmp'))).toBe(true);
    expect(entries.get(letters[0]!.id)?.files).toEqual([]);

    await archive.durable(letters[0]!);
    expect((await fs.readdir(folder)).sort()).toEqual(['a00.en.eml', 'a01.en.eml', 'a02.en.eml']);
    for (const [i, letter] of letters.entries()) {
      expect((await fs.readFile(path.join(folder, `${letter.addresseeId}.en.eml`))).equals(Buffer.from(messages[i]!.raw))).toBe(true);
      expect(entries.get(letter.id)?.files).toEqual([{ path: `mail/paris-2017/${letter.addresseeId}.en.eml`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'eml' }]);
    }
    // The others went with that batch: nothing left to wait for.
    await archive.durable(letters[2]!);

    // A message written and never sent (the run stopped) is put at its name at the end of the run too.
    const late = makeLetter('late');
    await archive.write(late, await composeMessage(late, [], { date: new Date('2024-10-23T09:00:00Z') }));
    await archive.sync();
    expect(await fs.readdir(folder)).toContain('late.en.eml');
    expect((await fs.readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
