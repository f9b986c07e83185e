// An mbox file, streamed: never read whole (an archive of years of replies can be gigabytes), never written.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError, problem } from '../../core/errors.js';
import { MboxSplitter } from './mbox-split.js';
import type { InboundRaw, InboxSource } from './source.js';

const HEAD_BYTES = 64 * 1024;
const NOT_AN_MBOX_HINT = 'an mbox file starts with a "From " line before each message; for a Maildir folder use --maildir';

/** `file` as an mbox; `shownAs` is how messages name it. Refuses (InputError) a file that does not start like one. */
export async function openMbox(file: string, shownAs: string): Promise<InboxSource> {
  await assertMbox(file, shownAs);
  return {
    name: `mbox ${shownAs}`,
    messages: () => readMessages(file),
    markSeen: () => {
      const message = 'cannot mark messages seen in an mbox file: petition reads it but never rewrites it';
      return Promise.reject(new InputError([problem(shownAs, undefined, '--mark-seen', message, 'leave out --mark-seen, or read the mailbox over IMAP or as a Maildir')]));
    },
    close: () => Promise.resolve(),
  };
}

/** The file's first bytes, past a BOM and blank lines, must be a From line; an empty file is an empty mbox. */
async function assertMbox(file: string, shownAs: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const message = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not an mbox file' : `cannot be read (${code})`;
    throw new InputError([problem(shownAs, undefined, '--mbox', message, code === 'EISDIR' ? 'for a Maildir folder use --maildir' : undefined)]);
  }
  const text = head.toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
  const blank = /^(?:\r?\n)*/.exec(text)?.[0] ?? '';
  const rest = text.slice(blank.length);
  if (rest === '' || rest.startsWith('From ')) return;
  const line = (blank.match(/\n/g)?.length ?? 0) + 1;
  throw new InputError([problem(shownAs, line, undefined, 'is not an mbox file: it does not start with a "From " line', NOT_AN_MBOX_HINT)]);
}

async function* readMessages(file: string): AsyncGenerator<InboundRaw> {
  const splitter = new MboxSplitter();
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) yield* splitter.push(chunk as Buffer);
  yield* splitter.end();
}
