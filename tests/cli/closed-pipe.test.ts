// A reader that stops early (`petition preview --json | head`) closes the pipe: the command ends as it would have,
// quietly, not with a crash and a stack trace.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';

function runUntilFirstOutput(args: readonly string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'petition.js'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Like `head -c 1`: read once, then close our end while the command is still writing.
    child.stdout.once('data', (chunk: Buffer) => {
      read = chunk.length;
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stderr, read }));
  });
}

describe('a closed output pipe', () => {
  it('ends preview --json with its own exit code, no error and no stack trace', async () => {
    const r = await runUntilFirstOutput(['preview', '--json']);
    expect(r.read).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.code).toBe(0);
  });
});
