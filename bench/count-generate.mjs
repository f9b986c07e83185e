// Deterministic signature file for the count benchmark: 7 columns, ~105 bytes a row, ~1% duplicate signers.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const GIVEN = ['Sokha', 'Dara', 'Chenda', 'Vuthy', 'Sophea', 'Rithy', 'Bopha', 'Marie', 'Jean', 'Anna', 'Peter', 'Linh'];
const FAMILY = ['Chan', 'Sok', 'Kim', 'Heng', 'Meas', 'Nguyen', 'Tran', 'Martin', 'Dupont', 'Smith', 'Keo', 'Long'];
const COUNTRIES = ['Cambodia', 'KH', 'Canada', 'CA', 'United States', 'USA', 'France', 'Australia', 'Cambodge', 'Vietnam', 'Thailand', ''];
const CITIES = ['Phnom Penh', 'Battambang', 'Vancouver', 'Long Beach', 'Lowell', 'Paris', 'Melbourne', 'Montreal'];
const COMMENTS = ['For justice and peace', 'Honour the Paris Agreements', '', 'Free elections now'];

/** mulberry32: a small seeded generator, so every run writes the same file. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `quoteAll` writes every field in double quotes, as spreadsheet and form exports often do. */
export async function generateSignatures(path, rows, { duplicateRate = 0.01, seed = 20171023, quoteAll = false } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const out = createWriteStream(path);
  const header = 'name,email,country,city,postcode,signed_at,comment\n';
  let batch = [quoteAll ? quoteFields(header) : header];
  let duplicates = 0;
  for (let i = 0; i < rows; i++) {
    // A duplicate re-signs with an earlier signer's number (same email, different case).
    const isDuplicate = i > 0 && next() < duplicateRate;
    const n = isDuplicate ? Math.floor(next() * i) : i;
    if (isDuplicate) duplicates++;
    const given = GIVEN[n % GIVEN.length];
    const family = FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length];
    const email = `${given}.${family}.${n}@example.org`;
    const day = 1 + (n % 28);
    const time = `${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;
    batch.push(
      `${given} ${family} ${n},${isDuplicate ? email.toUpperCase() : email.toLowerCase()},${pick(COUNTRIES)},${pick(CITIES)},` +
        `${10000 + (n % 89999)},2017-10-${String(day).padStart(2, '0')}T${time}Z,${pick(COMMENTS)}\n`,
    );
    if (quoteAll) batch[batch.length - 1] = quoteFields(batch[batch.length - 1]);
    if (batch.length >= 10000) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.join(''));
  await once(out, 'finish');
  return { rows, duplicates };
}

const quoteFields = (line) =>
  `${line
    .slice(0, -1)
    .split(',')
    .map((f) => `"${f}"`)
    .join(',')}\n`;
