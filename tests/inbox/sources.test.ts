// The file sources of `petition inbox`: Maildir folders and mbox files written here, read back exactly, never changed
// by reading, refused with one clear line when they are not what they are named as.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, InputError } from '../../src/core/errors.js';
import { openMaildir } from '../../src/io/inbox/maildir.js';
import { openMbox } from '../../src/io/inbox/mbox.js';
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES, type InboundRaw, type InboxSource } from '../../src/io/inbox/source.js';
import { tempFolder } from '../support/temp.js';

/** An invented reply: its headers, then a body of the given lines, each ended by `eol`. */
function message(n: number, body: string[] = [`Reply number ${n}.`], eol = '\n'): string {
  const headers = [`From: Aiko Tanaka <aiko${n}@example.org>`, 'To: petitions@example.org', `Subject: Re: petition ${n}`, `Message-ID: <reply-${n}@example.org>`];
  return [...headers, '', ...body].join(eol) + eol;
}

async function readAll(source: InboxSource): Promise<InboundRaw[]> {
  const all: InboundRaw[] = [];
  for await (const m of source.messages()) all.push(m);
  return all;
}

/** Every file under `dir` with its size and mtime: reading must leave this the same. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      const s = statSync(full);
      out.push(`${relative(dir, full)} ${e.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** The one problem of an InputError, as the CLI prints it. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const problems = (error as InputError).problems;
  expect(problems).toHaveLength(1);
  return formatProblem(problems[0]!);
}

function makeMaildir(): string {
  const dir = join(tempFolder('petition-maildir-'), 'replies');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  return dir;
}

describe('Maildir', () => {
  it('reads new/ and cur/ (not tmp/) in name order, refs the unique names, bytes as they are', async () => {
    const dir = makeMaildir();
    writeFileSync(join(dir, 'new', '1700000003.M3P1.host'), message(3));
    writeFileSync(join(dir, 'cur', '1700000001.M1P1.host:2,S'), message(1, ['First line.', 'Second line.'], '\r\n'));
    writeFileSync(join(dir, 'cur', '1700000002.M2P1.host:2,FR'), message(2));
    writeFileSync(join(dir, 'tmp', '1700000004.M4P1.host'), message(4));
    writeFileSync(join(dir, 'new', '.lock'), '');
    const source = await openMaildir(dir, 'replies/');
    expect(source.name).toBe('maildir replies/');
    const messages = await readAll(source);
    expect(messages.map((m) => m.ref)).toEqual(['1700000001.M1P1.host', '1700000002.M2P1.host', '1700000003.M3P1.host']);
    expect(messages[0]!.raw.toString()).toBe(message(1, ['First line.', 'Second line.'], '\r\n'));
    expect(messages[2]).toEqual({ ref: '1700000003.M3P1.host', raw: Buffer.from(message(3)), size: Buffer.byteLength(message(3)), truncated: false });
    await source.close();
  });

  it('gives the same refs on every read and changes nothing on disk', async () => {
    const dir = makeMaildir();
    for (let n = 1; n <= 4; n++) writeFileSync(join(dir, n % 2 ? 'new' : 'cur', `17000000${n}0.M${n}P9.host${n % 2 ? '' : ':2,'}`), message(n));
    const before = snapshot(dir);
    const source = await openMaildir(dir, 'replies/');
    const first = await readAll(source);
    const second = await readAll(source);
    expect(first).toHaveLength(4);
    expect(second.map((m) => m.ref)).toEqual(first.map((m) => m.ref));
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps only the first MiB of a message over 25 MiB, with its full size', async () => {
    const dir = makeMaildir();
    const big = Buffer.concat([Buffer.from(message(1)), Buffer.alloc(MAX_MESSAGE_BYTES + 1024 * 1024, 'A')]);
    writeFileSync(join(dir, 'new', '1700000001.M1P1.host'), big);
    const [only] = await readAll(await openMaildir(dir, 'replies/'));
    expect(only!.truncated).toBe(true);
    expect(only!.size).toBe(big.length);
    expect(only!.raw.equals(big.subarray(0, MAX_READ_BYTES))).toBe(true);
  });

  it('marks seen by moving into cur/ with the S flag, keeping other flags, and only the ones asked for', async () => {
    const dir = makeMaildir();
    writeFileSync(join(dir, 'new', '1700000001.M1P1.host'), message(1));
    writeFileSync(join(dir, 'cur', '1700000002.M2P1.host:2,RF'), message(2));
    writeFileSync(join(dir, 'new', '1700000003.M3P1.host'), message(3));
    writeFileSync(join(dir, 'cur', '1700000004.M4P1.host:2,S'), message(4));
    const source = await openMaildir(dir, 'replies/');
    await source.markSeen(['1700000001.M1P1.host', '1700000002.M2P1.host', '1700000004.M4P1.host']);
    expect(readdirSync(join(dir, 'new'))).toEqual(['1700000003.M3P1.host']);
    expect(readdirSync(join(dir, 'cur')).sort()).toEqual(['1700000001.M1P1.host:2,S', '1700000002.M2P1.host:2,FRS', '1700000004.M4P1.host:2,S']);
    expect((await readAll(source)).map((m) => m.ref)).toEqual(['1700000001.M1P1.host', '1700000002.M2P1.host', '1700000003.M3P1.host', '1700000004.M4P1.host']);
  });

  it('says which refs it could not mark, having marked the others', async () => {
    const dir = makeMaildir();
    writeFileSync(join(dir, 'new', '1700000001.M1P1.host'), message(1));
    const source = await openMaildir(dir, 'replies/');
    expect(await refusal(source.markSeen(['1700000001.M1P1.host', '1700000009.M9P1.host']))).toMatch(/^replies\/: 1700000009\.M9P1\.host: is no longer in the Maildir/);
    expect(readdirSync(join(dir, 'cur'))).toEqual(['1700000001.M1P1.host:2,S']);
  });

  it('refuses a folder that is not a Maildir, or none, in one line naming it', async () => {
    const plain = tempFolder('petition-notmaildir-');
    mkdirSync(join(plain, 'cur'));
    expect(await refusal(openMaildir(plain, 'letters/'))).toBe(
      'letters/: --maildir: is not a Maildir: it has no new/, tmp/ (give the folder that holds cur/, new/ and tmp/, e.g. ~/Maildir or one of its .Folder subfolders)',
    );
    expect(await refusal(openMaildir(join(plain, 'gone'), 'gone/'))).toMatch(/^gone\/: --maildir: is not a folder that exists \(/);
  });
});

function writeMbox(text: string | Buffer): string {
  const file = join(tempFolder('petition-mbox-'), 'replies.mbox');
  writeFileSync(file, text);
  return file;
}

describe('mbox', () => {
  const fromLine = (n: number, eol = '\n'): string => `From aiko${n}@example.org Mon Jan  1 00:00:0${n} 2024${eol}`;

  it('splits on From lines, refs the byte offsets, unescapes >From, keeps CRLF', async () => {
    const bodies: [string, string, string] = [message(1), message(2, ['>From the minister:', '>>From a quote', 'From inside a paragraph stays.'], '\r\n'), message(3)];
    const stored = [message(1), message(2, ['From the minister:', '>From a quote', 'From inside a paragraph stays.'], '\r\n'), message(3)];
    const parts = [fromLine(1) + bodies[0] + '\n', fromLine(2, '\r\n') + bodies[1] + '\r\n', fromLine(3) + bodies[2] + '\n'];
    const file = writeMbox(parts.join(''));
    const source = await openMbox(file, 'replies.mbox');
    expect(source.name).toBe('mbox replies.mbox');
    const messages = await readAll(source);
    const offsets = [0, Buffer.byteLength(parts[0]!), Buffer.byteLength(parts[0]! + parts[1]!)];
    expect(messages.map((m) => m.ref)).toEqual(offsets.map(String));
    expect(messages.map((m) => m.raw.toString())).toEqual(stored);
    expect(messages.map((m) => m.size)).toEqual(stored.map((s) => Buffer.byteLength(s)));
    expect((await readAll(source)).map((m) => m.ref)).toEqual(offsets.map(String));
  });

  it('keeps a blank line inside a body and one not followed by a From line', async () => {
    const body = message(1, ['Paragraph one.', '', '', 'Paragraph two.', '']);
    const [only] = await readAll(await openMbox(writeMbox(fromLine(1) + body + '\n'), 'replies.mbox'));
    expect(only!.raw.toString()).toBe(body);
  });

  it('reads past a BOM and blank lines, and an empty file as no messages', async () => {
    const file = writeMbox(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\n' + fromLine(1) + message(1))]));
    expect((await readAll(await openMbox(file, 'replies.mbox'))).map((m) => [m.ref, m.raw.toString()])).toEqual([['5', message(1)]]);
    expect(await readAll(await openMbox(writeMbox(''), 'empty.mbox'))).toEqual([]);
  });

  it('streams a message over 25 MiB into its first MiB and its full size, and reads on after it', async () => {
    const big = Buffer.concat([Buffer.from(message(1)), Buffer.alloc(MAX_MESSAGE_BYTES + 512 * 1024, 'A'), Buffer.from('\n')]);
    const file = writeMbox(Buffer.concat([Buffer.from(fromLine(1)), big, Buffer.from('\n' + fromLine(2) + message(2))]));
    const messages = await readAll(await openMbox(file, 'replies.mbox'));
    expect(messages.map((m) => [m.size, m.truncated])).toEqual([
      [big.length, true],
      [Buffer.byteLength(message(2)), false],
    ]);
    expect(messages[0]!.raw.equals(big.subarray(0, MAX_READ_BYTES))).toBe(true);
    expect(messages[1]!.ref).toBe(String(Buffer.byteLength(fromLine(1)) + big.length + 1));
  });

  it('never changes the file', async () => {
    const file = writeMbox(fromLine(1) + message(1) + '\n' + fromLine(2) + message(2));
    const before = snapshot(join(file, '..'));
    const source = await openMbox(file, 'replies.mbox');
    await readAll(source);
    expect(await refusal(source.markSeen(['0']))).toMatch(/^replies\.mbox: --mark-seen: cannot mark messages seen in an mbox file/);
    expect(snapshot(join(file, '..'))).toEqual(before);
  });

  it('refuses a file that does not start with a From line, in one line naming it', async () => {
    expect(await refusal(openMbox(writeMbox(message(1)), 'replies.eml'))).toBe(
      'replies.eml:1: is not an mbox file: it does not start with a "From " line (an mbox file starts with a "From " line before each message; for a Maildir folder use --maildir)',
    );
    expect(await refusal(openMbox(writeMbox('\n\nDear friends,\n'), 'notes.txt'))).toMatch(/^notes\.txt:3: is not an mbox file/);
    expect(await refusal(openMbox(join(tempFolder('petition-mbox-'), 'gone.mbox'), 'gone.mbox'))).toBe('gone.mbox: --mbox: does not exist');
  });
});
