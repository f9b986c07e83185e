// petition review as a user runs it: where it writes, what it refuses, and that a new site replaces the old whole.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject } from '../support/fixtures.js';

describe('petition review', () => {
  it('writes the site into review/ and says where, with a summary', () => {
    const dir = makeProject();
    const r = petition(['review'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('open review/index.html');
    expect(r.stdout).toMatch(/^3 letters: 0 approved, 3 pending, 0 changed since approved$/m);
    expect(readFileSync(join(dir, 'review', 'index.html'), 'utf8')).toContain('3 of 3 letters');
    expect(readdirSync(join(dir, 'review', 'letters', 'test')).sort()).toEqual(['fr-minister.en.html', 'kh-copy.km.html', 'un-sg.en.html']);
    expect(readFileSync(join(dir, 'review', 'style.css'), 'utf8')).toMatch(/font-family: "Review Khmer".*src: url\(data:font\/ttf;base64,AAEAAA/);
  });

  it('shows the headers an email letter will be sent with, and says a print letter goes by post', () => {
    const dir = makeProject();
    expect(petition(['review'], dir).code).toBe(0);
    const email = readFileSync(join(dir, 'review', 'letters', 'test', 'un-sg.en.html'), 'utf8');
    const headers = /<pre class="headers">([\s\S]*?)<\/pre>/.exec(email)?.[1] ?? '';
    expect(headers).toMatch(/^From: Test Committee &lt;committee@example\.org&gt;$/m);
    expect(headers).toMatch(/^Subject: Restore the Paris Peace Agreements$/m);
    expect(headers).toMatch(/^X-Petition-Letter: test\/un-sg\/en$/m);
    expect(headers).toMatch(/^Date: Mon, 23 Oct 2017 00:00:00 \+0000$/m);
    const print = readFileSync(join(dir, 'review', 'letters', 'test', 'fr-minister.en.html'), 'utf8');
    expect(print).toContain('This letter goes by post');
    expect(print).not.toContain('class="headers"');
  });

  it('--follow-up: a page per reminder, with the headers it is threaded with; approving them shows them approved', () => {
    const dir = makeProject();
    const r = petition(['review', '--follow-up'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 letters?: 0 approved, 1 pending, 0 changed since approved$/m);
    expect(readdirSync(join(dir, 'review', 'letters', 'test'))).toEqual(['un-sg.follow-up.en.html']);
    const page = readFileSync(join(dir, 'review', 'letters', 'test', 'un-sg.follow-up.en.html'), 'utf8');
    const headers = /<pre class="headers">([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? '';
    expect(headers).toMatch(/^Subject: Re: Restore the Paris Peace Agreements$/m);
    expect(headers).toMatch(/^In-Reply-To: &lt;[0-9a-f]{32}@example\.org&gt;$/m);
    expect(page).toContain('We have not yet received a reply.');
    expect(petition(['approve', '--follow-up', '--all', '--by', 'Ada Reviewer <ada@example.org>'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'petitions', 'test', 'approved', 'un-sg.follow-up.en.txt'), 'utf8')).toMatch(/^Subject: Re: Restore the Paris Peace Agreements$/m);
    expect(petition(['review', '--follow-up'], dir).stdout).toMatch(/^1 letters?: 1 approved, 0 pending/m);
    expect(petition(['review'], dir).stdout).toMatch(/^3 letters: 0 approved, 3 pending/m); // the letters are not approved by it
  });

  it('replaces an earlier site whole, and leaves no temporary folder', () => {
    const dir = makeProject();
    expect(petition(['review'], dir).code).toBe(0);
    writeFileSync(join(dir, 'review', 'stale.html'), 'from before');
    const r = petition(['review', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'review', 'stale.html'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      version: 1,
      out: 'review',
      index: 'review/index.html',
      letters: expect.arrayContaining([{ id: 'test/un-sg/en', page: 'review/letters/test/un-sg.en.html', state: 'pending' }]),
    });
  });

  it.each([
    ['a folder it did not make', 'petitions', /petitions: --out: exists and is not a review site/],
    ['a file', 'petitions/test/petition.md', /petition\.md: --out: is a file, not a folder/],
  ])('refuses --out naming %s (exit 2) and changes nothing', (_, out, message) => {
    const dir = makeProject();
    const before = readdirSync(join(dir, 'petitions', 'test')).sort();
    const r = petition(['review', '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(join(dir, 'petitions', 'test')).sort()).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a damaged approvals file (exit 2), naming its line', () => {
    const dir = makeProject();
    mkdirSync(join(dir, 'petitions', 'test'), { recursive: true });
    writeFileSync(join(dir, 'petitions', 'test', 'approvals.jsonl'), '{"version":1,"letter":"test/un-sg/en"\n');
    const r = petition(['review'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('petitions/test/approvals.jsonl:1');
    expect(existsSync(join(dir, 'review'))).toBe(false);
  });
});
