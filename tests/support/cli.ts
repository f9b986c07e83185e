import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary as a user would: a real process, in a real folder, without a TTY. */
export function petition(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'petition.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
