import { relative } from 'node:path';

/** Paths in problems are shown relative to where the user stands. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
