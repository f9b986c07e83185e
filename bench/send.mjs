// Throughput of the send runner against a bare nodemailer pool, both to a local smtp-server on loopback, with small
// letters (one small PDF) and with real ones (a letter PDF and its petition's annex, rendered from the bundled
// campaign once). Both sides attach the same files. Each side runs in its own child process (so each has its own peak
// RSS); the server runs in this one. Rounds interleave the sides, and figures are medians over the rounds.
// Usage: npm run build && node bench/send.mjs [letters=1000] [rounds=3]
// BENCH_BASELINE_DIST=<folder> adds a third side: the runner built into that folder (e.g. a copy of dist/ made before
// a change), measured in the same rounds. BENCH_KINDS=small or =real runs one letter size only.
// BENCH_CPU_PROF=<folder> runs each child under `node --cpu-prof`, its profile written into that folder (named by side).
import { spawn, spawnSync } from 'node:child_process';
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
      attachments: [
        { filename: 'letter.pdf', kind: 'letter-pdf' },
        { filename: 'annex.pdf', kind: 'annex-pdf' },
      ],
      contentHash: `h${i}`,
    };
  });
}

/** Letter i gets the i-th file set (round robin): one small PDF, or a real letter PDF with its annex. */
const filesOf = (sets, i) => sets[i % sets.length];
const FILE_NAMES = ['letter.pdf', 'annex.pdf'];

async function sendBare(letters, sets, port) {
  const nodemailer = (await import('nodemailer')).default;
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 3, maxMessages: 100, host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < letters.length) {
        const i = next++;
        const l = letters[i];
        const attachments = filesOf(sets, i).map((file, n) => ({ path: file, filename: FILE_NAMES[n] }));
        await transport.sendMail({ from: l.from, replyTo: l.replyTo, to: l.to, cc: l.cc, subject: l.subject, text: l.text, html: l.html, attachments });
      }
    }),
  );
  transport.close();
}

async function sendWithRunner(dist, letters, sets, port, work) {
  const { runDelivery, smtpConfigFromEnv, createSmtpSender, deliveryError } = await import(path.join(dist, 'io', 'delivery', 'index.js'));
  const config = smtpConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  const index = new Map(letters.map((l, i) => [l.id, i]));
  const report = await runDelivery(
    letters,
    { out: work, yes: true, isTTY: false, ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}) },
    {
      createSender: () => createSmtpSender(config),
      renderAll: async (list) => new Map(list.map((l) => [l.id, filesOf(sets, index.get(l.id))])),
    },
  );
  if (deliveryError(report) || report.counts.sent !== letters.length) throw new Error(`runner sent ${report.counts.sent} of ${letters.length}`);
}

async function child(phase, port, count, setsFile, work) {
  const all = makeLetters(count);
  const sets = JSON.parse(await fs.readFile(setsFile, 'utf8'));
  // A small letter plans one attachment, a real one two: the runner pairs files with the plan by position.
  const letters = all.map((l) => ({ ...l, attachments: l.attachments.slice(0, sets[0].length) }));
  const started = process.hrtime.bigint();
  if (phase === 'bare') await sendBare(letters, sets, port);
  else await sendWithRunner(phase === 'runner' ? path.join(root, 'dist') : path.resolve(process.env.BENCH_BASELINE_DIST), letters, sets, port, work);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  process.stdout.write(JSON.stringify({ phase, ms, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMB: maxRSS / 1024 }) + '\n');
}

async function smallPdf(file) {
  const PDFDocument = (await import('pdfkit')).default;
  await new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => fs.writeFile(file, Buffer.concat(chunks)).then(resolve));
    doc.text('A letter of about the size of a real one. '.repeat(200));
    doc.end();
  });
}

/** Renders the bundled campaign once; every email or print letter's PDF with its petition's annex is one file set. */
function realLetterSets(tmp) {
  const out = path.join(tmp, 'campaign');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'petition.js'), '-C', root, 'render', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`render exited ${r.status}: ${r.stderr}`);
  return fs.readFile(path.join(out, 'manifest.json'), 'utf8').then((text) =>
    JSON.parse(text)
      .letters.map((l) => ['letter-pdf', 'annex-pdf'].map((kind) => l.files.find((f) => f.kind === kind)?.path))
      .filter((set) => set.every(Boolean))
      .map((set) => set.map((file) => path.join(out, file))),
  );
}

function runChild(phase, port, count, setsFile, work) {
  return new Promise((resolve, reject) => {
    const prof = process.env.BENCH_CPU_PROF;
    const profile = prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`, `--cpu-prof-name=${phase}-${Date.now()}.cpuprofile`] : [];
    const p = spawn(process.execPath, [...profile, here, '--child', phase, String(port), String(count), setsFile, work], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`${phase} exited ${code}`))));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round2 = (x) => Number(x.toFixed(2));

/** Medians over the rounds; a ratio is the runner's speed over the bare pool's in the same round (above 1: faster). */
function summarise(count, results, phases) {
  const summary = {};
  for (const phase of phases) {
    const runs = results[phase];
    summary[phase] = {
      messagesPerSecond: Number(((count / median(runs.map((r) => r.ms))) * 1000).toFixed(1)),
      cpuMsPerMessage: round2(median(runs.map((r) => r.cpuMs)) / count),
      peakRssMB: Number(median(runs.map((r) => r.maxRssMB)).toFixed(1)),
    };
    if (phase === 'bare') continue;
    summary[phase].ratio = round2(median(runs.map((r, i) => results.bare[i].ms / r.ms)));
    summary[phase].rssRatio = round2(median(runs.map((r, i) => r.maxRssMB / results.bare[i].maxRssMB)));
  }
  return summary;
}

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 3);
  const kinds = (process.env.BENCH_KINDS ?? 'small,real').split(',');
  const phases = ['bare', 'runner', ...(process.env.BENCH_BASELINE_DIST ? ['baseline'] : [])];
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
  const setsFiles = {};
  if (kinds.includes('small')) {
    await smallPdf(path.join(tmp, 'letter.pdf'));
    setsFiles.small = path.join(tmp, 'small.json');
    await fs.writeFile(setsFiles.small, JSON.stringify([[path.join(tmp, 'letter.pdf')]]));
  }
  if (kinds.includes('real')) {
    setsFiles.real = path.join(tmp, 'real.json');
    await fs.writeFile(setsFiles.real, JSON.stringify(await realLetterSets(tmp)));
  }

  const results = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(phases.map((p) => [p, []]))]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      // Alternate the order, so that neither side always runs on a warmer (or busier) machine.
      for (const phase of round % 2 ? [...phases].reverse() : phases) {
        const work = await fs.mkdtemp(path.join(tmp, `${kind}-${phase}-`));
        const before = received;
        const r = await runChild(phase, port, count, setsFiles[kind], work);
        if (received - before !== count) throw new Error(`${phase}: server got ${received - before} of ${count}`);
        results[kind][phase].push(r);
        // The work folders go at the end, with tmp: on ext4 without a journal, a file created within seconds of many
        // deletions in its block group costs a scan past every inode just freed (find_inode_bit skips recently
        // deleted ones), so a side that ran right after another's folder was removed paid about 1 ms a message.
      }
    }
  }
  server.close();
  await fs.rm(tmp, { recursive: true, force: true });

  const summary = { letters: count, rounds, ...Object.fromEntries(kinds.map((k) => [k, summarise(count, results[k], phases)])) };
  console.log(JSON.stringify(summary, null, 2));
  if (process.env.BENCH_ALL_RUNS) console.log(JSON.stringify(results));
}

if (process.argv[2] === '--child') {
  const [, , , phase, port, count, setsFile, work] = process.argv;
  await child(phase, Number(port), Number(count), setsFile, work);
} else {
  await main();
}
