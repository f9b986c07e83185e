import { resolve } from 'node:path';
import { InputError, problem } from '../core/errors.js';
import { envelopeId, verpToken } from '../core/delivery/dsn.js';
import { inboxJson } from '../core/inbox/json.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { imapConfigFromEnv, openImap } from '../io/inbox/imap.js';
import { openMaildir } from '../io/inbox/maildir.js';
import { openMbox } from '../io/inbox/mbox.js';
import { readInbox } from '../io/inbox/read-inbox.js';
import type { InboxSource } from '../io/inbox/source.js';
import { displayPath } from '../io/project.js';
import { formatInbox } from '../ui/inbox-report.js';
import { createTerminal } from '../ui/terminal.js';

export interface InboxOptions {
  cwd: string;
  out: string;
  maildir?: string | undefined;
  mbox?: string | undefined;
  markSeen: boolean;
  insecure: boolean;
  json: boolean;
  color?: boolean | undefined;
}

/** Reads replies and bounces into the ledger: each matched to its letter, the others listed; the mailbox left as it is. */
export async function run(options: InboxOptions): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const out = resolve(options.cwd, options.out);
  const shownOut = displayPath(out, options.cwd);
  await checkOutFolder(out, shownOut, 'write');
  const source = await openSource(options);
  const result = await readInbox({ out, shownOut, source, markSeen: options.markSeen, envelope: (id) => ({ envelopeId: envelopeId(id), returnToken: verpToken(id) }) });
  if (options.json) term.json(inboxJson(result.source, result.outcomes, result.recorded, result.marked));
  else term.out(formatInbox(result.source, result.outcomes, result.recorded.length, result.marked, term.paint));
  return 0;
}

/** --maildir, --mbox, or the IMAP mailbox IMAP_URL names (checked before anything is read). */
async function openSource(options: InboxOptions): Promise<InboxSource> {
  if (options.maildir !== undefined && options.mbox !== undefined) throw new InputError([problem('command line', undefined, '--maildir', 'and --mbox were both given', 'read one mailbox at a time')]);
  if (options.maildir !== undefined) return openMaildir(resolve(options.cwd, options.maildir), options.maildir);
  if (options.mbox !== undefined) return openMbox(resolve(options.cwd, options.mbox), options.mbox);
  if (process.env.IMAP_URL === undefined)
    throw new InputError([
      problem('command line', undefined, 'mailbox', 'none given', 'set IMAP_URL (imaps://user:password@host:993/INBOX), or read a folder or file with --maildir <folder> or --mbox <file>'),
    ]);
  return openImap(imapConfigFromEnv(process.env, { insecure: options.insecure }));
}
