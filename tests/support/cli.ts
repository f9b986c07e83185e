import { spawn, spawnSync } from 'node:child_process';
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

/** Like `petition`, but without blocking the event loop: for tests whose server runs in this process. */
export function petitionAsync(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runAsync(process.execPath, [join(repoRoot, 'bin', 'petition.js'), ...args], cwd, env);
}

/** Runs any program (e.g. an installed `petition`) as `petitionAsync` runs ours. */
export function runAsync(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The reviewer the tests approve letters as. */
export const TEST_REVIEWER = 'Test Reviewer <reviewer@example.org>';

/** The arguments of `petition approve --all` as the test reviewer; `options` are more of them (e.g. `--roster FILE`). */
export const approveAllArgs = (options: readonly string[] = []): string[] => ['approve', '--all', '--by', TEST_REVIEWER, ...options];

/**
 * Approves every letter of the project in `dir` as the letters are now, so that a real `send` may send them (a send
 * refuses letters nobody approved); throws with the output if `approve` does not exit 0.
 */
export function approveAll(dir: string, env: Record<string, string | undefined> = {}, options: readonly string[] = []): CliResult {
  return checkedApproval(petition(approveAllArgs(options), dir, env));
}

/** Like `approveAll`, but without blocking the event loop: for tests whose server runs in this process. */
export async function approveAllAsync(dir: string, env: Record<string, string | undefined> = {}, options: readonly string[] = []): Promise<CliResult> {
  return checkedApproval(await petitionAsync(approveAllArgs(options), dir, env));
}

/** The result of an approval, or an Error with its output when it did not exit 0. */
export function checkedApproval(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`petition approve --all exited with ${String(result.code)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return result;
}
