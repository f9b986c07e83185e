// A Maildir folder read as it is: new/ and cur/ listed, each file read, nothing renamed or touched (a mail client may
// be using the same folder) until markSeen is asked for.
import { open, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, problem } from '../../core/errors.js';
import { MAX_MESSAGE_BYTES, MAX_READ_BYTES, type InboundRaw, type InboxSource } from './source.js';

const SUBFOLDERS = ['cur', 'new', 'tmp'] as const;
const NOT_A_MAILDIR_HINT = 'give the folder that holds cur/, new/ and tmp/, e.g. ~/Maildir or one of its .Folder subfolders';

/** One message file: where it lies now and its unique name (the file name before its `:2,` info). */
interface MaildirFile {
  folder: 'cur' | 'new';
  file: string;
  unique: string;
}

/** `dir` as a Maildir; `shownAs` is how messages name it. Refuses (InputError) a folder without cur/, new/ and tmp/. */
export async function openMaildir(dir: string, shownAs: string): Promise<InboxSource> {
  await assertMaildir(dir, shownAs);
  return {
    name: `maildir ${shownAs}`,
    messages: () => readMessages(dir),
    markSeen: (refs) => markSeen(dir, shownAs, refs),
    close: () => Promise.resolve(),
  };
}

async function assertMaildir(dir: string, shownAs: string): Promise<void> {
  const kinds = await Promise.all(
    SUBFOLDERS.map((sub) =>
      stat(join(dir, sub)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  if (kinds.every(Boolean)) return;
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const missing = SUBFOLDERS.filter((_, i) => !kinds[i]).map((sub) => `${sub}/`);
  const message = exists ? `is not a Maildir: it has no ${missing.join(', ')}` : 'is not a folder that exists';
  throw new InputError([problem(shownAs, undefined, '--maildir', message, NOT_A_MAILDIR_HINT)]);
}

/** The unique name of a message file: its name up to the info (`:2,FLAGS`, or `;2,`/`!2,` where `:` is not allowed). */
export function uniqueName(file: string): string {
  const info = /[:;!]2,[^:;!]*$/.exec(file);
  return info ? file.slice(0, info.index) : file;
}

/** The messages of new/ and cur/ by unique name: the order they arrived in, as Maildir names begin with the time. */
async function listMessages(dir: string): Promise<MaildirFile[]> {
  const files: MaildirFile[] = [];
  for (const folder of ['new', 'cur'] as const)
    for (const entry of await readdir(join(dir, folder), { withFileTypes: true }))
      // Dot files are a client's own (e.g. a lock); the Maildir spec leaves them out of the messages.
      if (entry.isFile() && !entry.name.startsWith('.')) files.push({ folder, file: entry.name, unique: uniqueName(entry.name) });
  return files.sort((a, b) => (a.unique < b.unique ? -1 : a.unique > b.unique ? 1 : 0));
}

async function* readMessages(dir: string): AsyncGenerator<InboundRaw> {
  for (const entry of await listMessages(dir)) {
    const message = await readMessage(dir, entry);
    if (message) yield message;
  }
}

/** The message, or undefined when it was deleted since the listing; one moved from new/ to cur/ meanwhile is found there. */
async function readMessage(dir: string, entry: MaildirFile): Promise<InboundRaw | undefined> {
  try {
    return await readFileStart(join(dir, entry.folder, entry.file), entry.unique);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const moved = (await listMessages(dir)).find((m) => m.unique === entry.unique);
    return moved ? readFileStart(join(dir, moved.folder, moved.file), entry.unique) : undefined;
  }
}

/** The whole file, or its first MAX_READ_BYTES when it is larger than MAX_MESSAGE_BYTES. */
async function readFileStart(path: string, ref: string): Promise<InboundRaw> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const truncated = size > MAX_MESSAGE_BYTES;
    const want = truncated ? MAX_READ_BYTES : size;
    const raw = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await handle.read(raw, got, want - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { ref, raw: got === want ? raw : raw.subarray(0, got), size, truncated };
  } finally {
    await handle.close();
  }
}

/** Adds the S flag: moved into cur/ with `:2,` info, the flags kept in ASCII order as the spec asks. */
async function markSeen(dir: string, shownAs: string, refs: readonly string[]): Promise<void> {
  const wanted = new Set(refs);
  const files = (await listMessages(dir)).filter((f) => wanted.has(f.unique));
  for (const f of files) {
    const flags = f.file.length > f.unique.length ? f.file.slice(f.unique.length + 3) : '';
    if (f.folder === 'cur' && flags.includes('S')) continue;
    const seen = [...new Set(Array.from(flags + 'S'))].sort().join(''); // Maildir flags are ASCII letters
    await rename(join(dir, f.folder, f.file), join(dir, 'cur', `${f.unique}:2,${seen}`));
  }
  const found = new Set(files.map((f) => f.unique));
  const gone = refs.filter((r) => !found.has(r));
  if (gone.length > 0)
    throw new InputError(gone.map((ref) => problem(shownAs, undefined, ref, 'is no longer in the Maildir: it was not marked seen', 'another mail client moved or deleted it since it was read')));
}
