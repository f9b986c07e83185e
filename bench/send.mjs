// Throughput of the send runner against a bare nodemailer pool, both to a local smtp-server on loopback.
// Each side runs in its own child process (so each has its own peak RSS); the server runs in this one.
// Usage: npx tsc -p . && node bench/send.mjs [letters=1000] [rounds=2]
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');

function makeLetters(count) {
  const body = 'We, the undersigned, call on the signatory states of the 1991 Paris Peace Agreements to honour them.\n'.repeat(30);
  return Array.from({ length: count }, (_, i) => {
    const id = `a${String(i).padStart(4, '0')}`;
    return {
      id: `bench/${id}/en`,
      petition: 'bench',
      addresseeId: id,
      group: 'signatory',
      language: 'en',
      channel: 'email',
      from: { name: 'Petition Committee', address: 'petition@example.org' },
      replyTo: { name: 'Secretariat', address: 'reply@example.org' },
      to: [{ name: `Minister ${i}`, address: `${id}@example.net` }],
      cc: [{ name: 'Copy', address: 'copy@example.com' }],
      subject: `Petition ${i}: ញត្តិស្តីពីកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស`,
      text: body,
      html: `<p>${body.replace(/\n/g, '<br>')}</p>`,
      document: {
        language: 'en',
        letterhead: [],
        placeAndDate: '',
        addresseeBlock: [],
        isCopy: false,
        subject: '',
        salutation: '',
        body: '',
        sections: [],
        countSentence: '',
        closing: '',
        signature: [],
        distribution: { to: [], cc: [] },
      },
      attachments: [{ filename: 'letter.pdf', kind: 'letter-pdf' }],
      contentHash: `h${i}`,
    };
  });
}

async function child(phase, port, count, pdf, work) {
  const letters = makeLetters(count);
  const started = process.hrtime.bigint();
  if (phase === 'bare') {
    const nodemailer = (await import('nodemailer')).default;
    const transport = nodemailer.createTransport({ pool: true, maxConnections: 3, maxMessages: 100, host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    let next = 0;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < letters.length) {
          const l = letters[next++];
          await transport.sendMail({ from: l.from, replyTo: l.replyTo, to: l.to, cc: l.cc, subject: l.subject, text: l.text, html: l.html, attachments: [{ path: pdf, filename: 'letter.pdf' }] });
        }
      }),
    );
    transport.close();
  } else {
    const { runDelivery, smtpConfigFromEnv, createSmtpSender, deliveryError } = await import(path.join(root, 'dist', 'io', 'delivery', 'index.js'));
    const config = smtpConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const report = await runDelivery(
      letters,
      { out: work, yes: true, isTTY: false, ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}) },
      {
        createSender: () => createSmtpSender(config),
        renderAll: async (list) => new Map(list.map((l) => [l.id, [pdf]])),
      },
    );
    if (deliveryError(report) || report.counts.sent !== count) throw new Error(`runner sent ${report.counts.sent} of ${count}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ phase, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 2);
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback(null, 'Ok');
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.server.address().port;
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'petition-bench-send-'));
  const pdf = path.join(tmp, 'letter.pdf');
  const PDFDocument = (await import('pdfkit')).default;
  await new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => fs.writeFile(pdf, Buffer.concat(chunks)).then(resolve));
    doc.text('A letter of about the size of a real one. '.repeat(200));
    doc.end();
  });

  const results = { bare: [], runner: [] };
  for (let round = 0; round < rounds; round++) {
    for (const phase of ['bare', 'runner']) {
      const work = await fs.mkdtemp(path.join(tmp, `${phase}-`));
      const before = received;
      const line = await new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [here, '--child', phase, String(port), String(count), pdf, work], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${phase} exited ${code}`))));
      });
      const r = JSON.parse(line);
      if (received - before !== count) throw new Error(`${phase}: server got ${received - before} of ${count}`);
      results[phase].push(r);
    }
  }
  server.close();
  await fs.rm(tmp, { recursive: true, force: true });

  const best = (list) => list.reduce((a, b) => (a.ms < b.ms ? a : b));
  const bare = best(results.bare);
  const runner = best(results.runner);
  const rate = (r) => (count / r.ms) * 1000;
  const summary = {
    letters: count,
    rounds,
    bareMessagesPerSecond: Number(rate(bare).toFixed(1)),
    runnerMessagesPerSecond: Number(rate(runner).toFixed(1)),
    ratio: Number((rate(runner) / rate(bare)).toFixed(2)),
    barePeakRssMB: Number(Math.max(...results.bare.map((r) => r.maxRssMB)).toFixed(1)),
    runnerPeakRssMB: Number(Math.max(...results.runner.map((r) => r.maxRssMB)).toFixed(1)),
    allRuns: results,
  };
  console.log(JSON.stringify(summary, null, 2));
}

if (process.argv[2] === '--child') {
  const [, , , phase, port, count, pdf, work] = process.argv;
  await child(phase, Number(port), Number(count), pdf, work);
} else {
  await main();
}
