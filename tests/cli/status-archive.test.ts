// `petition status --out DIR` reports what the ledger holds, whatever roster today's plan would use: a send with
// another roster is never reported as "0 sent". The built binary, a real SMTP server, real temp folders.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../delivery/harness.js';
import { petition, petitionAsync } from '../support/cli.js';
import { checkedToday, makeProject, rosterYaml } from '../support/fixtures.js';

// Another roster for the same petition: its addressees have other ids, and two of them an email.
const other = checkedToday(rosterYaml)
  .replace('id: test-roster', 'id: other-roster')
  .replaceAll('id: un-sg', 'id: un-sg-2026')
  .replace('    country: FR\n    language: fr', '    country: FR\n    email: minister@example.org\n    language: fr');

describe('status from the archive', () => {
  let server: TestServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("lists every letter the ledger records as sent, even when today's plan would use another roster", async () => {
    const dir = makeProject({ 'recipients/other.yaml': other });
    dirs.push(dir);
    const sent = await petitionAsync(['send', '--yes', '--roster', 'recipients/other.yaml', '--out', 'A'], dir, { SMTP_URL: `smtp://127.0.0.1:${server.port}` });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.received).toHaveLength(2);

    const status = petition(['status', '--out', 'A', '--json'], dir);
    expect(status.code, status.stderr).toBe(0);
    const rows = (JSON.parse(status.stdout) as { letters: { id: string; status: string; reason?: string }[] }).letters;
    // un-sg-2026 is not in today's plan; fr-minister is, as another letter (a print letter to the default roster).
    expect(rows.find((r) => r.id === 'test/un-sg-2026/en')).toMatchObject({ status: 'sent', reason: expect.stringMatching(/not in the current plan/) });
    expect(rows.find((r) => r.id === 'test/fr-minister/en')).toMatchObject({ status: 'changed', reason: 'changed since sent' });
    const text = petition(['status', '--out', 'A'], dir);
    expect(text.stdout).toMatch(/^2 sent \(1 changed since\), /m);
  });
});
