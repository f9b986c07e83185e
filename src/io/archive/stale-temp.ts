// A render killed mid-way leaves its temporary files (`.x.pdf.<pid>-<random>.partial`) beside the outputs; the next
// run removes them before it writes, so they do not stay for good. Only files of processes that are gone: another
// run writing into the same archive keeps its own.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMPORARY_NAME } from './safe-path.js';

/** Removes stale temporary files directly in each of `dirs`; returns how many. Missing folders are skipped. */
export async function removeStaleTemporaries(dirs: Iterable<string>): Promise<number> {
  let removed = 0;
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue; // not made yet, or not readable: nothing of ours is there
    }
    for (const name of names) {
      const pid = TEMPORARY_NAME.exec(name)?.[1];
      if (pid === undefined || isRunning(Number(pid))) continue;
      const file = path.join(dir, name);
      if (!(await fs.lstat(file)).isFile()) continue;
      await fs.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Our own pid counts as gone: this run has written nothing yet, so a file with it is a previous run's (a container). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
