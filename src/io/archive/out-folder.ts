// `--out` checked before any work: a file, or a folder this process may not write, is bad input naming it (exit 2),
// not an errno from deep inside a render or a send.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError, problem } from '../../core/errors.js';

const OUT_HINT = 'choose a folder for --out that you can write; a missing one is made';

/**
 * `shownAs` names the folder as the user typed it. `write`: the folder, or the nearest existing folder above it if
 * it is missing, must be writable. `read`: a missing folder is fine (nothing was archived there yet).
 */
export async function checkOutFolder(out: string, shownAs: string, access: 'read' | 'write'): Promise<void> {
  const refuse = (message: string): never => {
    throw new InputError([problem(shownAs, undefined, '--out', message, OUT_HINT)]);
  };
  let existing = out;
  let steps = 0;
  for (let kind = await kindOf(existing); kind !== 'dir'; kind = await kindOf(existing)) {
    if (kind === 'other') refuse(steps === 0 ? 'is a file, not a folder' : `is inside ${shownAbove(shownAs, steps) ?? existing}, which is a file`);
    const parent = path.dirname(existing);
    if (parent === existing) return;
    existing = parent;
    steps++;
  }
  if (access === 'read') return;
  try {
    await fs.access(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    refuse(steps === 0 ? 'is a read-only folder' : `cannot be made: ${shownAbove(shownAs, steps) ?? existing} is read-only`);
  }
}

/** The folder `steps` levels above `shown`, as typed, if the typed path has that many levels. */
function shownAbove(shown: string, steps: number): string | undefined {
  const parts = shown.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts.length > steps ? parts.slice(0, -steps).join('/') || '/' : undefined;
}

async function kindOf(file: string): Promise<'missing' | 'dir' | 'other'> {
  try {
    return (await fs.stat(file)).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    // A path through a file: the walk up meets that file.
    if (code === 'ENOTDIR') return 'missing';
    throw error;
  }
}
