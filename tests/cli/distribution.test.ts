// A roster longer than the letter's list: validate names what is missing; render writes the distribution annex once;
// send encloses it with every email. The real binary, real PDFs read back with pdftotext, a real SMTP server.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { approveAllAsync, petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, petitionMd, rosterYaml } from '../support/fixtures.js';

const MINISTERS = 60;

/** The test roster with 60 more foreign ministers (fictitious, at example.org) and, unless told, group summaries. */
function roster(options: { summaries: boolean }): string {
  const ministers = Array.from(
    { length: MINISTERS },
    (_, i) => `  - id: minister-${i}
    group: signatory
    honorific: His Excellency
    name: Test Minister ${i}
    title: Minister of Foreign Affairs
    country: FR
    language: en
    salutation: { en: Dear Minister }
    email: minister-${i}@example.org
`,
  ).join('');
  const groups = options.summaries
    ? '  signatory:\n    description: Foreign ministers\n    summary: { en: "the {count} foreign ministers of the signatory states", km: "រដ្ឋមន្ត្រីការបរទេស {count} រូប" }\n'
    : '  signatory: Foreign ministers\n';
  return checkedToday(rosterYaml).replace('  signatory: Foreign ministers\n', groups) + ministers;
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('a distribution list longer than 50 names', () => {
  it('without a summary for the group, validate refuses with the roster line and field (exit 2)', () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster({ summaries: false }) });
    const r = petition(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('recipients/test-roster.yaml:9: groups.signatory.summary.en: the letters in "en" name this group by its summary');
    expect(r.stderr).toContain('groups.signatory.summary.km');
  });

  describe('with summaries', () => {
    const dir = makeProject({ 'recipients/test-roster.yaml': roster({ summaries: true }) });
    const rendered = petition(['render', '--out', 'archive', '--only', 'un-sg', '--only', 'minister-7'], dir);

    it('render writes the annex once, naming everyone, and each letter names the group instead', () => {
      expect(rendered.code, rendered.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'archive', 'manifest.json'), 'utf8')) as { letters: { id: string; files: { path: string; kind: string }[] }[] };
      for (const letter of manifest.letters) expect(letter.files.map((f) => [f.kind, f.path])).toContainEqual(['distribution-pdf', 'annex/test.distribution.pdf']);
      const annex = pdfText(join(dir, 'archive', 'annex', 'test.distribution.pdf'));
      expect(annex).toContain('Distribution list');
      for (let i = 0; i < MINISTERS; i++) expect(annex).toContain(`Test Minister ${i}, Minister of Foreign Affairs, France`);
      expect(annex).toContain('His Excellency António Guterres');

      const letter = pdfText(join(dir, 'archive', 'letters', 'test', 'un-sg.en.pdf')).replace(/\s+/g, ' ');
      expect(letter).toContain('the 61 foreign ministers of the signatory states');
      expect(letter).toContain('All 63 addressees are named in the enclosed distribution list.');
      expect(letter).not.toContain('Test Minister 12');
    });

    describe('send', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer();
      });
      afterAll(async () => server.close());

      it('encloses the distribution annex with every email', async () => {
        await approveAllAsync(dir);
        const r = await petitionAsync(['send', '--yes', '--only', 'minister-3', '--out', 'sent'], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
        expect(r.code, r.stderr).toBe(0);
        expect(server.received).toHaveLength(1);
        const mail = await simpleParser(server.received[0]!.raw);
        expect(mail.attachments.map((a) => a.filename)).toEqual(['minister-3.en.pdf', 'test.annex.pdf', 'test.distribution.pdf']);
        expect(mail.text).toContain('To: His Excellency António Guterres, Secretary-General, United Nations; the 61 foreign ministers of the signatory states');
        expect(mail.text).toContain('All 63 addressees are named in the enclosed distribution list.');
        expect(mail.text).not.toContain('Test Minister 12');
      });
    });
  });

  it('up to the limit, the letters are those of a petition without one', () => {
    const limited = petitionMd.replace('append: [km]\n', 'append: [km]\ndistribution_list_limit: 63\n');
    const a = petition(['preview', '--json'], makeProject({ 'recipients/test-roster.yaml': roster({ summaries: true }), 'petitions/test/petition.md': limited }));
    const b = petition(['preview', '--json'], makeProject({ 'recipients/test-roster.yaml': roster({ summaries: true }), 'petitions/test/petition.md': limited.replace('63', '1000') }));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('Test Minister 12');
  });
});
