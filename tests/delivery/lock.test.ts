// The send lock: of many runs started together exactly one proceeds, even when they all find a dead run's lock.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/core/errors.js';
import { holderFileName, type LockHolder } from '../../src/core/delivery/lock-holder.js';
import { acquireRunLock } from '../../src/io/ledger/lock.js';
import { processStartTime } from '../../src/io/ledger/lock-holder.js';
import { FIXTURES, tempDir } from './harness.js';

const RACER = path.join(FIXTURES, 'lock-racer.mjs');
const RACERS = 12;
const LOCK = '.send.lock';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});
async function archive(): Promise<string> {
  const dir = await tempDir('petition-lock-');
  folders.push(dir);
  return dir;
}

type RacerEvent = { event: 'ready' | 'released' } | { event: 'acquired'; holder: LockHolder } | { event: 'refused'; exitCode: number; text: string };

/** A racer process (fixtures/lock-racer.mjs) and the events it prints, one at a time. */
class Racer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly events: RacerEvent[] = [];
  private waiting: ((event: RacerEvent) => void) | undefined;
  readonly exit: Promise<number | null>;

  constructor(out: string, ...args: string[]) {
    this.child = spawn(process.execPath, [RACER, out, ...args], { stdio: 'pipe' });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => this.push(JSON.parse(line) as RacerEvent));
    this.exit = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  private push(event: RacerEvent): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(event);
    else this.events.push(event);
  }

  next(): Promise<RacerEvent> {
    const event = this.events.shift();
    return event ? Promise.resolve(event) : new Promise((resolve) => (this.waiting = resolve));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  end(): void {
    this.child.stdin.end();
  }
}

/** A lock left by a run that has exited: taken by the real code in a real process, never released. */
async function staleLock(out: string): Promise<LockHolder> {
  const racer = new Racer(out, '--abandon');
  const event = await racer.next();
  expect(await racer.exit).toBe(0);
  expect(await fs.readdir(path.join(out, LOCK))).toHaveLength(1);
  if (event.event !== 'acquired') throw new Error(`the stale run did not take the lock: ${JSON.stringify(event)}`);
  return event.holder;
}

/** All racers try at once; the winner holds the lock until every other one has answered, however they are scheduled. */
async function round(out: string, racers: Racer[], stale?: LockHolder): Promise<{ winner: Racer; losers: Racer[] }> {
  for (const r of racers) r.send('go');
  const answers = await Promise.all(racers.map((r) => r.next()));
  const winners = answers.flatMap((a) => (a.event === 'acquired' ? [a.holder] : []));
  expect(winners).toHaveLength(1);
  const winner = winners[0]!;
  if (stale) expect(winner.pid).not.toBe(stale.pid);
  const expected = `refused: another send is running on this archive: process ${winner.pid} on host ${os.hostname()} since ${winner.startedAt}`;
  for (const a of answers) if (a.event !== 'acquired') expect(a).toMatchObject({ event: 'refused', exitCode: 3, text: expect.stringContaining(expected) });
  const winnerRacer = racers[answers.findIndex((a) => a.event === 'acquired')]!;
  winnerRacer.send('release');
  expect(await winnerRacer.next()).toEqual({ event: 'released' });
  await expect(fs.stat(path.join(out, LOCK))).rejects.toMatchObject({ code: 'ENOENT' });
  return { winner: winnerRacer, losers: racers.filter((r) => r !== winnerRacer) };
}

describe('send lock, many processes at once', () => {
  it("lets exactly one of them through, with no lock and when they all find a dead run's lock", async () => {
    const out = await archive();
    const racers = Array.from({ length: RACERS }, () => new Racer(out));
    expect(await Promise.all(racers.map((r) => r.next()))).toEqual(racers.map(() => ({ event: 'ready' })));
    await round(out, racers);
    let last: { winner: Racer; losers: Racer[] } | undefined;
    for (let n = 0; n < 3; n++) last = await round(out, racers, await staleLock(out));
    for (const r of racers) r.end();
    // The exit codes `petition send` would end with: the last winner 0, everyone it refused 3.
    expect(await last!.winner.exit).toBe(0);
    expect(await Promise.all(last!.losers.map((r) => r.exit))).toEqual(last!.losers.map(() => 3));
  }, 20_000);
});

describe('send lock, one process', () => {
  const me = async (changes: Partial<LockHolder> = {}): Promise<LockHolder> => ({
    pid: process.pid,
    host: os.hostname(),
    startTime: await processStartTime(process.pid),
    startedAt: '2026-10-23T01:00:00.000Z',
    ...changes,
  });
  /** Puts a lock as another process would have left it. */
  async function planted(out: string, holder: LockHolder): Promise<string> {
    const file = path.join(out, LOCK, holderFileName(holder, 'planted'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(holder));
    return file;
  }

  it('refuses while a live run holds it, and lets the next run in once it is released', async () => {
    const out = await archive();
    const lock = await acquireRunLock(out);
    expect(lock.holder).toMatchObject({ pid: process.pid, host: os.hostname(), startTime: await processStartTime(process.pid) });
    const refusal = acquireRunLock(out);
    await expect(refusal).rejects.toBeInstanceOf(RefusedError);
    await expect(refusal).rejects.toThrow(`another send is running on this archive: process ${process.pid} on host ${os.hostname()} since ${lock.holder.startedAt}`);
    await lock.release();
    await lock.release();
    const next = await acquireRunLock(out);
    await next.release();
    expect(await fs.readdir(out)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid is alive but belongs to a process started at another time (a reused pid)', async () => {
    const out = await archive();
    const mine = await me();
    const file = await planted(out, { ...mine, startTime: mine.startTime! + 1 });
    const lock = await acquireRunLock(out);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await lock.release();
  });

  it('refuses a live holder recorded by another file name, and keeps its lock', async () => {
    const out = await archive();
    const file = await planted(out, await me());
    await expect(acquireRunLock(out)).rejects.toThrow(/another send is running on this archive: process \d+ on host .+ since 2026-10-23T01:00:00.000Z/);
    await expect(fs.readFile(file, 'utf8')).resolves.toContain(`"pid":${process.pid}`);
  });

  it('refuses a holder on another host, with a hint to remove the lock by hand', async () => {
    const out = await archive();
    const file = await planted(out, await me({ host: 'sender.example.org', pid: 1 }));
    const error = await acquireRunLock(out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).message).toBe('another send is running on this archive: process 1 on host sender.example.org since 2026-10-23T01:00:00.000Z');
    expect((error as RefusedError).hint).toBe(`a run on another host cannot be checked from here; remove ${path.join(out, LOCK)} by hand once no send is running`);
    await fs.stat(file);
  });

  it.runIf(process.platform === 'linux')('takes over the lock of a holder from before a reboot, even if its pid runs again', async () => {
    const out = await archive();
    const file = await planted(out, await me({ boot: '00000000-0000-0000-0000-000000000000' }));
    const lock = await acquireRunLock(out);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await lock.release();
  });

  it.runIf(process.platform === 'linux')('refuses a holder in another pid namespace (a container on the same host name): it cannot be checked', async () => {
    const out = await archive();
    const file = await planted(out, await me({ pidNamespace: 'pid:[1]' }));
    const error = await acquireRunLock(out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as RefusedError).hint).toMatch(/cannot be checked from here/);
    await fs.stat(file);
  });

  it('refuses an unreadable holder file, naming it', async () => {
    const out = await archive();
    await fs.mkdir(path.join(out, LOCK));
    await fs.writeFile(path.join(out, LOCK, 'torn.json'), '{"pid":12');
    await expect(acquireRunLock(out)).rejects.toThrow(`the archive lock file ${path.join(out, LOCK, 'torn.json')} is not JSON`);
  });

  it('handles a version 0.1 lock file: refuses a live pid, takes over a dead one', async () => {
    const out = await archive();
    const legacy = path.join(out, LOCK);
    await fs.writeFile(legacy, JSON.stringify({ pid: process.pid, at: '2026-10-22T00:00:00.000Z' }));
    await expect(acquireRunLock(out)).rejects.toThrow(`another send is running on this archive: process ${process.pid} since 2026-10-22T00:00:00.000Z (a version 0.1 lock)`);
    expect((await fs.stat(legacy)).isFile()).toBe(true);
    // A process id beyond the kernel's range stands for a run that is gone.
    await fs.writeFile(legacy, JSON.stringify({ pid: 2 ** 30, at: '2026-10-22T00:00:00.000Z' }));
    const lock = await acquireRunLock(out);
    expect((await fs.stat(legacy)).isDirectory()).toBe(true);
    await lock.release();
  });
});
