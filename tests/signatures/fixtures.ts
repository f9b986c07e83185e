// CSV fixtures for the signature tests, as bytes, plus helpers to put them in a fresh temp folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Fixture {
  name: string;
  bytes: Buffer;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export const HEADER = 'name,email,country,postcode,signed_at,comment';

export const FIXTURES: Fixture[] = [
  {
    name: 'plain.csv',
    bytes: utf8(
      `${HEADER}\n` +
        'Sok Dara,dara@example.org,Cambodia,12000,2017-10-23,\n' +
        'Marie Curie,marie@example.org,France,75005,2017-10-23T10:00:00Z,for peace\n' +
        'Sok Dara,DARA@example.org,KH,12000,2017-10-24,\n' +
        'Chan Thy,,Canada,V5K 0A1,,\n' +
        'chan  thy,,CA,v5k0a1,,second time\n',
    ),
  },
  {
    name: 'quoted-newline.csv',
    bytes: utf8(
      `${HEADER}\n` +
        'Ann Lee,ann@example.org,USA,,2017-10-23,\n' +
        '"Bo Ra",bo@example.org,KH,,2017-10-23,"line one\nline two\nline three"\n' +
        'Carl Ny,not-an-email,KH,,,\n' +
        '"Dee, Esq.",dee@example.org,"Korea, Republic of",,,\n' +
        '"Eve ""Evie"" Moss",eve@example.org,Atlantis,,,\n',
    ),
  },
  {
    name: 'quote-late.csv',
    bytes: utf8(
      `${HEADER}\n` +
        Array.from({ length: 40 }, (_, i) => `Person ${i},p${i}@example.org,Vietnam,,2017-10-${10 + (i % 18)},\n`).join('') +
        'Late Quote,late@example.org,Laos,,,"said ""hi""\nand left"\n' +
        'After Quote,after@example.org,Lao PDR,,,\n' +
        'Bad Date,,Laos,,2017-02-31,\n',
    ),
  },
  {
    name: 'bom-crlf.csv',
    bytes: Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      utf8(`${HEADER}\r\nSok Dara,dara@example.org,Cambodge,,2017-10-23,\r\nJean Roy,jean@example.org,Kanada,,,\r\n\r\nTom Ek,TOM@example.org,U.S.A.,,,\r\n`),
    ]),
  },
  {
    name: 'ragged.csv',
    bytes: utf8(`${HEADER}\nOne Two,one@example.org,KH,,,\nShort Row,short@example.org\nLong Row,long@example.org,KH,,,,extra\n,,KH,,,\nThree Four,,GB,,,`),
  },
  {
    name: 'latin1.csv',
    bytes: Buffer.concat([
      utf8(`${HEADER}\nAnna Berg,anna@example.org,Sweden,,,\n`),
      Buffer.from('Ren\xe9 Char,rene@example.org,France,,,\n', 'latin1'),
      utf8('Zoë Ng,zoe@example.org,Singapore,,,\n'),
    ]),
  },
  { name: 'empty.csv', bytes: Buffer.alloc(0) },
  { name: 'header-only.csv', bytes: utf8(`${HEADER}\n`) },
  {
    name: 'bare-cr.csv',
    bytes: utf8(`${HEADER}\nAnn Lee,ann@example.org,KH,,,\nBo\rRa,bo@example.org,KH,,,\nCy Po,cy@example.org,KH,,,\n`),
  },
  {
    name: 'unclosed-quote.csv',
    bytes: utf8(`${HEADER}\nAnn Lee,ann@example.org,KH,,,\n"Bo Ra,bo@example.org,KH,,,\nCy Po,cy@example.org,KH,,,\n`),
  },
  {
    name: 'stray-quotes.csv',
    bytes: utf8(`${HEADER}\nAnn Lee,ann@example.org,KH,,,\nSok "Dara" Chan,sok@example.org,KH,,,\n"Bo" Ra,bo@example.org,Japan,,,\nCy Po,cy@example.org,KH,,,"6"" tall"x\n`),
  },
  {
    name: 'final-cr.csv',
    bytes: utf8('name,email,city\r\nAnn Lee,ann@example.org,Paris\r\nBo Ra,bo@example.org,Lyon\r'),
  },
  {
    name: 'all-quoted.csv',
    bytes: utf8(
      '"name","email","country","postcode","signed_at","comment"\r\n' +
        '"Sok Dara","dara@example.org","Cambodia","","2017-10-23",""\r\n' +
        '"Dee, Esq.","dee@example.org","Korea, Republic of","","","He said ""yes"""\r\n' +
        '"Sok Dara","DARA@example.org","KH","","",""\r\n' +
        '"","nobody@example.org","KH","","",""\r\n' +
        '"Multi Line","multi@example.org","KH","","","first\r\nsecond"\r\n' +
        '"After","after@example.org","Atlantis","","",""\r\n',
    ),
  },
  {
    name: 'doubled-quotes.csv',
    bytes: utf8(`${HEADER}\n"Sok ""Dara"" Chan",,KH,,,\nAnn Lee,ann@example.org,"Atlan""tis",,,\nSok "Dara" Chan,,Cambodia,,,\n`),
  },
  {
    name: 'no-final-newline.csv',
    bytes: utf8(`${HEADER}\nAnn Lee,ann@example.org,Thailand,,,\nBo Ra,bo@example.org,Indonesia,,2017-10-23T23:30:00-02:00,`),
  },
];

/** Rows the text policy refuses (bad-text, bad-email, too-long) among rows it accepts, on every path. */
export const HOSTILE_TEXT: Fixture = {
  name: 'hostile-text.csv',
  bytes: utf8(
    `${HEADER}\n` +
      'Ann Lee,ann@example.org,KH,,,\n' + // valid
      'Esc \u001b[2J Ray,esc@example.org,KH,,,\n' + // bad-text: ESC in the name
      'Nul Mail,nul\u0000@example.org,KH,,,\n' + // bad-email: NUL in the email
      'Del Post,del@example.org,KH,12\u007f00,,\n' + // bad-text: DEL in the postcode
      'C1 Ctry,c1@example.org,K\u009bH,,,\n' + // bad-text: a C1 control (CSI) in the country
      'Bidi \u202eevil,bidi@example.org,KH,,,\n' + // bad-text: a bidi override in the name
      'Sara\u200f Levi,sara@example.org,KH,,,\n' + // valid: an RLM mark in a name is text
      'Tab Note,tab@example.org,KH,,,"a\tb"\n' + // valid: a tab in the comment
      '"Tab\tName",tabname@example.org,KH,,,\n' + // bad-text: a tab in the name
      'Nul Note,nulnote@example.org,KH,,,a\u0000b\n' + // bad-text: NUL in the comment
      `${'x'.repeat(300)},long300@example.org,KH,,,\n` + // valid: 300 characters
      `${'y'.repeat(301)},long301@example.org,KH,,,\n` + // too-long
      `${'é'.repeat(301)},,KH,,,\n` + // too-long, on the slow way (not ASCII)
      'Bo Ra,bo@example.org,KH,,,\n', // valid
  ),
};
FIXTURES.push(HOSTILE_TEXT);

FIXTURES.push(
  // Old Mac and some spreadsheet exports end lines with CR alone; a quoted field holds one too.
  { name: 'cr-only.csv', bytes: utf8(`${HEADER}\rAnn Lee,ann@example.org,Thailand,,,\r"Bo\rRa",bo@example.org,KH,,,\r\rCy Do,cy@example.org,FR,,,\r`) },
  // Pasted from a web page: a BOM inside the header, a zero-width space and an NBSP around names.
  { name: 'invisible-header.csv', bytes: utf8(`name,\u200bemail,country\u00a0,\ufeffpostcode,signed_at,comment\nAnn Lee,ann@example.org,Thailand,,,\n`) },
);
FIXTURES.push({ name: 'gzipped.csv.gz', bytes: gzipSync(FIXTURES[0]!.bytes) });

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'petition-signatures-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes the fixtures into `dir` and returns their paths by name. */
export async function writeFixtures(dir: string, fixtures: readonly Fixture[] = FIXTURES): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const f of fixtures) {
    const path = join(dir, f.name);
    await writeFile(path, f.bytes);
    paths.set(f.name, path);
  }
  return paths;
}

/** mulberry32, the bench's seeded generator: a failing generated case can be replayed from its seed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
