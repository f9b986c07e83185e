import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { checkedToday, makeProject, petitionMd, repoRoot, rosterYaml } from '../support/fixtures.js';

const ansi = /\u001b\[/;

describe('petition validate', () => {
  it('passes a good project and still warns about the state without addressee and every addressee not verified lately', () => {
    const r = petition(['validate'], makeProject());
    expect(r.code, r.stderr).toBe(0);
    // The fixture's roster is as of 2017: each of its three addressees is named as not verified within 180 days.
    expect(r.stdout).toContain('ok: 1 petition(s), 3 letter(s) merged without error, 4 warning(s)');
    expect(r.stderr).toMatch(/^warning: recipients\/test-roster\.yaml:14: states\.YU: Yugoslavia \(YU\) has no addressee/m);
    expect(r.stderr.match(/^warning: recipients\/test-roster\.yaml:\d+: addressees\.[a-z-]+: last verified on 2017-10-01, \d+ days ago \(more than 180\)/gm)).toHaveLength(3);
  });

  it('checks the reminders too: a follow-up template naming a field no letter has is exit 2, at its line', () => {
    const dir = makeProject({ 'templates/en/follow-up.md.hbs': '{{document.salutation}}\n\nAs we wrote on {{date petition.sent_on}}.\n' });
    const r = petition(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: templates\/en\/follow-up\.md\.hbs:3:\d+: petition\.sent_on: /m);
    expect(petition(['preview'], dir).code).toBe(0); // the letters themselves are fine
  });

  it('is quiet about the roster once it is checked', () => {
    const r = petition(['validate'], makeProject({ 'recipients/test-roster.yaml': checkedToday(rosterYaml) }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 warning(s)');
    expect(r.stderr).not.toMatch(/last verified/);
  });

  it.each([
    ['malformed roster YAML', { 'recipients/test-roster.yaml': rosterYaml.replace('  un: United Nations', '  un: [United Nations') }, /^error: recipients\/test-roster\.yaml:\d+:\d+: malformed YAML/m],
    ['unknown group in Cc', { 'petitions/test/petition.md': petitionMd.replace('cc: [copy]', 'cc: [press]') }, /^error: petitions\/test\/petition\.md:14: cc: unknown group "press"/m],
    [
      'CR/LF in a subject',
      { 'petitions/test/petition.md': petitionMd.replace('subject: Restore the Paris Peace Agreements', 'subject: "Restore\\r\\nBcc: x@example.org"') },
      /^error: petitions\/test\/petition\.md:3: subject: contains a line break/m,
    ],
    ['a template naming a missing field', { 'templates/en/closing.hbs': 'Yours,\n{{petitioner.fax}}' }, /^error: templates\/en\/closing\.hbs:2:1: petitioner\.fax: no such field for this letter/m],
    ['a missing signature file', { 'petitions/test/signatures/online.csv': null }, /^error: petitions\/test\/signatures\/online\.csv/m],
    ['a petition that is not UTF-8', { 'petitions/test/petition.md': 'x' }, null],
  ])('%s → exit 2 with file:line: field', (_name, files, expected) => {
    const dir = makeProject(files);
    if (expected === null) {
      writeFileSync(join(dir, 'petitions/test/petition.md'), Buffer.concat([Buffer.from(petitionMd.slice(0, 40)), Buffer.from([0xe9, 0x0a])]));
      expected = /^error: petitions\/test\/petition\.md:3: is not valid UTF-8/m;
    }
    const r = petition(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/\d+ error\(s\): nothing was sent or written/);
    expect(r.stderr).not.toMatch(ansi);
  });

  it('warns when the petition is dated long after its roster', () => {
    const r = petition(['validate'], makeProject({ 'petitions/test/petition.md': petitionMd.replace('"2017-10-23"', '"2024-10-23"') }));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/petition\.md:12: roster: roster test-roster is as of 2017-10-01, 7 years before this petition \(2024-10-23\)/);
  });
});

describe('petition preview', () => {
  it('shows every letter with its headers and a summary, plain when not a TTY', () => {
    const r = petition(['preview'], makeProject());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ansi);
    expect(r.stdout.match(/^── \d\/3 /gm)).toHaveLength(3);
    expect(r.stdout).toContain('To:          António Guterres <sg@example.org>');
    expect(r.stdout).toContain('To:          His Excellency Jean-Yves Le Drian (no email: print letter)');
    expect(r.stdout).toContain('Subject:     ច្បាប់ចម្លង៖ ស្ដារកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស');
    // 3 unique of 4 rows online + 10 declared, from 3 countries: computed from the CSV, not typed.
    expect(r.stdout).toContain('This petition is supported by 13 signatures from 3 countries.');
    expect(r.stdout).toMatch(/^test\s+3\s+1\s+2\s+13 \(3 \+ 10 declared\)\s+3\s+Yugoslavia \(YU\)$/m);
  });

  it('--only and --json give one machine-readable letter', () => {
    const r = petition(['preview', '--only', 'kh-copy', '--json'], makeProject());
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { letters: { id: string; channel: string; is_copy: boolean }[]; summary: { states_without_addressee: { code: string }[] }[] };
    expect(out.letters.map((l) => [l.id, l.channel, l.is_copy])).toEqual([['test/kh-copy/km', 'print', true]]);
    expect(out.summary[0]?.states_without_addressee).toEqual([{ code: 'YU', name: 'Yugoslavia' }]);
  });

  it('previews the bundled 2017 campaign: 24 addressees including copies, Yugoslavia reported', () => {
    const r = petition(['preview', '--petition', '2017-restore-paris-peace-agreements', '--json'], repoRoot);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { letters: { addressee: string; is_copy: boolean; text: string }[]; summary: { letters: number; states_without_addressee: { code: string }[] }[] };
    expect(out.letters).toHaveLength(24);
    expect(out.letters.filter((l) => l.is_copy)).toHaveLength(4);
    expect(out.summary[0]?.states_without_addressee.map((s) => s.code)).toEqual(['YU']);
    const sg = out.letters.find((l) => l.addressee === 'un-secretary-general');
    expect(sg?.text).toContain('Dear Secretary-General,');
    expect(out.letters.map((l) => l.text).join('\n')).toContain('Phạm Bình Minh');
  });
});

describe('usage', () => {
  it('--help lists the commands and exits 0', () => {
    const r = petition(['--help'], repoRoot);
    expect(r.code).toBe(0);
    for (const c of ['validate', 'preview', 'count']) expect(r.stdout).toContain(c);
  });

  it('no command prints the help and is a usage error, exit 2', () => {
    const r = petition([], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('Usage: petition');
  });

  it('an unknown option is a usage error, exit 2', () => {
    const r = petition(['preview', '--frobnicate'], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });

  it('an unknown petition is exit 2 with the list of petitions', () => {
    const r = petition(['preview', '--petition', 'nope'], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: nope: --petition: no such petition \(no petition\.md there\) \(petitions here: 2017-reconvene-paris-conference, /m);
  });
});
