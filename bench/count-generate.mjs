// Deterministic signature files for the count benchmark, with the answer each count should give.
// clean: 7 columns, ~110 bytes a row (109 MB at 1M rows), LF, ~1% duplicate signers (same email, upper-cased); every row valid.
// messy (`messy: true`): what real exports look like; every rate is in MESSY below:
// - a UTF-8 BOM, CRLF line ends;
// - comments in quotes over three lines with doubled quotes ("line one\r\nhe said ""stop""\r\nline three");
// - ragged rows, half one field short (no comment), half one field too many;
// - unknown countries ("Atlantis", "Lemuria", "Lilliput") and countries spelled several ways ("KH", "Kampuchea", " cambodia ");
// - signers without an email (the same signer never has one), re-signing with their name upper-cased and its spaces doubled;
// - duplicate emails differing in case and surrounding spaces (" Dara.Chan.12@Example.org ").
// The generator knows which rows it made ragged or gave an unknown country, and which signer each row is, so it returns
// the answers (`expected`) rather than have them computed by any of the tools it checks:
// - `petition`: petition's rules (src/core/signatures/tally.ts): every record is a row; a ragged row or an unknown country
//   is rejected (invalid, not counted); a valid row counts once per signer (normalised email = trim + lower-case, or
//   without an email name + country code + postcode), unique signers by country code;
// - `emailsOnly`: the Python and DuckDB definition: every record is a row, unique = distinct trim + lower-case emails over
//   the rows whose email is not empty, nothing rejected.
// Every name, email and address is made up; emails are all @example.org.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const GIVEN = ['Sokha', 'Dara', 'Chenda', 'Vuthy', 'Sophea', 'Rithy', 'Bopha', 'Marie', 'Jean', 'Anna', 'Peter', 'Linh'];
const FAMILY = ['Chan', 'Sok', 'Kim', 'Heng', 'Meas', 'Nguyen', 'Tran', 'Martin', 'Dupont', 'Smith', 'Keo', 'Long'];
const COUNTRIES = ['Cambodia', 'KH', 'Canada', 'CA', 'United States', 'USA', 'France', 'Australia', 'Cambodge', 'Vietnam', 'Thailand', ''];
const CITIES = ['Phnom Penh', 'Battambang', 'Vancouver', 'Long Beach', 'Lowell', 'Paris', 'Melbourne', 'Montreal'];
const COMMENTS = ['For justice and peace', 'Honour the Paris Agreements', '', 'Free elections now'];
const HEADER = 'name,email,country,city,postcode,signed_at,comment';

/** The clean file's country spellings → the code petition gives them ("" counts under ZZ, "not stated"). */
const CODE_OF = { Cambodia: 'KH', KH: 'KH', Canada: 'CA', CA: 'CA', 'United States': 'US', USA: 'US', France: 'FR', Australia: 'AU', Cambodge: 'KH', Vietnam: 'VN', Thailand: 'TH', '': 'ZZ' };

/** The messy file's signers are from one of these countries, each row spelling it one of these ways. */
const SPELLINGS = {
  KH: ['Cambodia', 'KH', 'Cambodge', 'Kampuchea', ' cambodia '],
  CA: ['Canada', 'CA', 'CAN', 'Kanada'],
  US: ['United States', 'USA', 'US', 'U.S.A.'],
  FR: ['France', 'FR'],
  AU: ['Australia', 'AU'],
  VN: ['Vietnam', 'Viet Nam', 'VN'],
  TH: ['Thailand', 'TH'],
  ZZ: [''],
};
const CODES = Object.keys(SPELLINGS);
const UNKNOWN_COUNTRIES = ['Atlantis', 'Lemuria', 'Lilliput'];
const MULTILINE_COMMENT = '"line one\r\nhe said ""stop""\r\nline three"';

/** The messy file's rates: each a share of all rows (noEmail: of signers). */
export const MESSY = { duplicate: 0.01, multiline: 0.01, ragged: 0.001, unknownCountry: 0.003, noEmail: 0.02 };

/** mulberry32: a small seeded generator, so every run writes the same file. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A signer's own fixed traits (whether they give an email, their country) come from their number, not the row. */
const traitOf = (n, salt) => random(Math.imul(n, 0x9e3779b1) + salt)();

/**
 * Writes `rows` signature rows to `path`. `quoteAll` writes every field of the clean file in double quotes, as spreadsheet
 * and form exports often do; `messy` writes the messy file (see the top of this file). Returns { rows, duplicates,
 * expected: { petition: { rows, unique, invalid, invalidByReason, byCountry }, emailsOnly: { rows, unique }, shape } }, shape
 * counting the messy file's rows of each kind (duplicate, multiline, raggedShort, raggedLong, unknownCountry, noEmail).
 */
export async function generateSignatures(path, rows, { duplicateRate = 0.01, seed = 20171023, quoteAll = false, messy = false } = {}) {
  const out = createWriteStream(path);
  const truth = groundTruth(rows);
  const write = messy ? messyRows(rows, seed, truth) : cleanRows(rows, duplicateRate, seed, quoteAll, truth);
  let batch = [];
  for (const line of write) {
    batch.push(line);
    if (batch.length >= 10000) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.join(''));
  await once(out, 'finish');
  return { rows, duplicates: truth.duplicates, expected: truth.result() };
}

function* cleanRows(rows, duplicateRate, seed, quoteAll, truth) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const line = (text) => (quoteAll ? quoteFields(text) : text);
  yield line(`${HEADER}\n`);
  for (let i = 0; i < rows; i++) {
    // A duplicate re-signs with an earlier row's signer number (same email, different case).
    const isDuplicate = i > 0 && next() < duplicateRate;
    const n = isDuplicate ? Math.floor(next() * i) : i;
    const { given, family, email, day, time } = signer(n);
    const country = pick(COUNTRIES);
    truth.row(n, { valid: true, email: true, code: CODE_OF[country] });
    yield line(`${given} ${family} ${n},${isDuplicate ? email.toUpperCase() : email},${country},${pick(CITIES)},` + `${10000 + (n % 89999)},2017-10-${day}T${time}Z,${pick(COMMENTS)}\n`);
  }
}

function* messyRows(rows, seed, truth) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  yield `\uFEFF${HEADER}\r\n`;
  for (let i = 0; i < rows; i++) {
    const isDuplicate = i > 0 && next() < MESSY.duplicate;
    const n = isDuplicate ? Math.floor(next() * i) : i;
    const { given, family, email, day, time } = signer(n);
    const hasEmail = traitOf(n, 1) >= MESSY.noEmail;
    const code = CODES[Math.floor(traitOf(n, 2) * CODES.length)];
    const ragged = next() < MESSY.ragged ? (next() < 0.5 ? 'short' : 'long') : undefined;
    const unknownCountry = next() < MESSY.unknownCountry;
    const multiline = next() < MESSY.multiline;
    const name = isDuplicate && !hasEmail ? `${given.toUpperCase()}  ${family.toUpperCase()} ${n}` : `${given} ${family} ${n}`;
    const address = !hasEmail ? '' : isDuplicate ? pick(VARIANTS)(email) : email;
    const country = unknownCountry ? pick(UNKNOWN_COUNTRIES) : pick(SPELLINGS[code]);
    truth.row(n, { valid: ragged === undefined && !unknownCountry, email: hasEmail, code, reason: ragged ? 'ragged-row' : 'unknown-country' });
    truth.shape({ duplicate: isDuplicate, multiline: multiline && ragged !== 'short', raggedShort: ragged === 'short', raggedLong: ragged === 'long', unknownCountry, noEmail: !hasEmail });
    const fields = [name, address, country, pick(CITIES), String(10000 + (n % 89999)), `2017-10-${day}T${time}Z`, multiline ? MULTILINE_COMMENT : pick(COMMENTS)];
    if (ragged === 'short') fields.pop();
    if (ragged === 'long') fields.push('extra');
    yield `${fields.join(',')}\r\n`;
  }
}

/** How a duplicate writes an email that is lower-case the first time: case and surrounding spaces change. */
const VARIANTS = [(e) => ` ${titleCase(e)} `, (e) => e.toUpperCase(), (e) => ` ${e}`, (e) => `${titleCase(e)}  `];
const titleCase = (email) => email.replace(/(^|[.@])([a-z])/g, (_, before, letter) => before + letter.toUpperCase());

function signer(n) {
  const given = GIVEN[n % GIVEN.length];
  const family = FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length];
  const email = `${given}.${family}.${n}@example.org`.toLowerCase();
  const day = String(1 + (n % 28)).padStart(2, '0');
  const time = `${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;
  return { given, family, email, day, time };
}

/**
 * Counts as the rows are written. A signer is their number n: different numbers never share an email or a name, the same
 * number always has the same email (or none), country code and postcode, so counting signers is counting numbers.
 */
function groundTruth(rows) {
  const seen = new Uint8Array(rows); // bit 1: counted by petition; bit 2: counted by emails-only
  const petition = { rows: 0, unique: 0, invalid: 0, invalidByReason: {}, byCountry: {} };
  const emailsOnly = { rows: 0, unique: 0 };
  const shape = {};
  let duplicates = 0;
  return {
    get duplicates() {
      return duplicates;
    },
    row(n, { valid, email, code, reason }) {
      petition.rows++;
      emailsOnly.rows++;
      if (email && !(seen[n] & 2)) {
        seen[n] |= 2;
        emailsOnly.unique++;
      }
      if (!valid) {
        petition.invalid++;
        petition.invalidByReason[reason] = (petition.invalidByReason[reason] ?? 0) + 1;
      } else if (seen[n] & 1) duplicates++;
      else {
        seen[n] |= 1;
        petition.unique++;
        petition.byCountry[code] = (petition.byCountry[code] ?? 0) + 1;
      }
    },
    /** Counts the rows of each kind the messy file has (a row may be of several). */
    shape(kinds) {
      for (const [kind, is] of Object.entries(kinds)) if (is) shape[kind] = (shape[kind] ?? 0) + 1;
    },
    result: () => ({ petition, emailsOnly, shape }),
  };
}

const quoteFields = (line) =>
  `${line
    .slice(0, -1)
    .split(',')
    .map((f) => `"${f}"`)
    .join(',')}\n`;
