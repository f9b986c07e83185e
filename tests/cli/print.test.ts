// petition print end to end: the built binary on a project whose roster holds made-up people at made-up addresses
// (tests/print/fixtures.ts). The pack is read back here with poppler, independently of the checks in the binary:
// every word of each address must lie inside the envelope's window.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveAll, petition } from '../support/cli.js';
import { checkedToday, makeProject, petitionMd } from '../support/fixtures.js';
import { printRosterYaml } from '../print/fixtures.js';

interface Box {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const MM = 72 / 25.4;

/** Each page's words with their boxes, in millimetres from the top left corner. */
function pages(file: string): Box[][] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: m[5]!.replace(/&(apos|quot|lt|gt|amp);/g, (_, e: string) => ({ apos: "'", quot: '"', lt: '<', gt: '>', amp: '&' })[e] ?? ''),
        x0: Number(m[1]) / MM,
        y0: Number(m[2]) / MM,
        x1: Number(m[3]) / MM,
        y1: Number(m[4]) / MM,
      })),
    );
}

/** Whether the first page has ink 5–10 mm from the left edge, `y` mm from the top (a page rendered at 254 dpi, grey). */
function inkAt(file: string, y: number): boolean {
  const pgm = execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '254', '-gray', file], { maxBuffer: 1 << 28 });
  const [, width] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40)) ?? [];
  const header = /^P5\s+\d+\s+\d+\s+255\s/.exec(pgm.toString('latin1', 0, 40))![0].length;
  const row = (mm: number) => header + Math.round(mm * 10) * Number(width); // 254 dpi: 10 pixels a millimetre
  let darkest = 255;
  for (let dy = -2; dy <= 2; dy++) for (let x = 55; x <= 95; x++) darkest = Math.min(darkest, pgm[row(y) + dy * Number(width) + x] ?? 255);
  return darkest < 200;
}

/** The page each letter starts on: its "1 / N" footer. */
const firstPages = (boxes: Box[][]): number[] => boxes.flatMap((words, i) => (words.some((w, j) => w.text === '1' && words[j + 1]?.text === '/') ? [i] : []));
const inside = (w: Box, zone: { x: number; y: number; width: number; height: number }) => w.x0 >= zone.x && w.x1 <= zone.x + zone.width && w.y0 >= zone.y && w.y1 <= zone.y + zone.height;
const DL_WINDOW = { x: 20, y: 50, width: 90, height: 40 }; // the DIN 680 window as a sheet slid anywhere in a DL envelope shows it

interface PrintJson {
  packs: {
    petition: string;
    pdf?: string;
    addresses_csv?: string;
    letters: number;
    pages: number;
    sheets: number;
    envelopes: { total: number; by_country: Record<string, number> };
    address_needed: { id: string }[];
    enclose_by_hand: string[];
  }[];
}

describe('petition print', () => {
  const dir = makeProject({ 'recipients/test-roster.yaml': printRosterYaml });
  const stale = petition(['print'], dir);
  const unapproved = petition(['print', '--roster-checked-on', new Date().toISOString().slice(0, 10)], dir);
  const packBeforeApproval = existsSync(join(dir, 'archive', 'print'));
  writeFileSync(join(dir, 'recipients', 'test-roster.yaml'), checkedToday(printRosterYaml));
  approveAll(dir);
  const first = petition(['print', '--json'], dir);
  const result = JSON.parse(first.stdout || '{}') as PrintJson;
  const pdf = join(dir, 'archive', 'print', 'test.print.pdf');

  it('prints to a roster checked lately: one older than its max_age_days is refused (exit 3) unless a person vouches for it', () => {
    expect(stale.code).toBe(3);
    expect(stale.stderr).toMatch(/^refused: test: .*roster-checked-on/m);
    expect(stale.stderr).not.toMatch(/lack approval/);
  });

  it('prints a letter only as it was approved: before approve, exit 3 naming each letter, and nothing written', () => {
    expect(unapproved.code).toBe(3);
    expect(unapproved.stderr).toMatch(
      /^refused: 3 letter\(s\) to print lack approval: test\/ada-example\/en \(no approval\), test\/bruno-exemple\/en \(no approval\), test\/sok-sample\/km \(no approval\); nothing was printed \(review them/m,
    );
    expect(packBeforeApproval).toBe(false);
    expect(unapproved.stderr).not.toMatch(/--test-to/);
  });

  it('writes the pack and says what it holds and what is missing', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(result.packs).toEqual([
      {
        petition: 'test',
        pdf: 'archive/print/test.print.pdf',
        addresses_csv: 'archive/print/test.addresses.csv',
        letters: 3,
        pages: 9,
        sheets: 9,
        envelopes: { total: 3, by_country: { FR: 1, GB: 1, KH: 1 } },
        address_needed: [{ id: 'test/no-address/en', addressee: 'no-address', name: 'Clara Nowhere' }],
        enclose_by_hand: [],
      },
    ]);
  });

  it('puts every word of every address inside the DL window, and nothing else in it', () => {
    const boxes = pages(pdf);
    const starts = firstPages(boxes);
    expect(starts).toEqual([0, 3, 6]);
    const expected = [
      ['Ms Ada Example', 'Example Officer', 'Example Organisation', '1 Example Street', 'Exampletown EX1 2AB', 'United Kingdom'],
      ['Mr Bruno Exemple', 'Ministre fictif', "2 rue de l'Exemple", '75000 Exempleville', 'France'],
    ];
    starts.slice(0, 2).forEach((page, i) => {
      const inWindow = boxes[page]!.filter((w) => inside(w, DL_WINDOW));
      expect(inWindow.map((w) => w.text).join(' ')).toBe(expected[i]!.join(' '));
      for (const word of expected[i]!.join(' ').split(' '))
        expect(
          boxes[page]!.find((w) => w.text === word && inside(w, DL_WINDOW)),
          word,
        ).toBeDefined();
    });
    // The Khmer letter: its five lines in the window (Khmer reads back in glyph order, so by place only).
    const khmer = boxes[starts[2]!]!.filter((w) => inside(w, DL_WINDOW));
    expect(new Set(khmer.map((w) => Math.round(w.y1))).size).toBe(5);
    expect(khmer.slice(0, 3).map((w) => w.text)).toEqual(['Mr', 'Sok', 'Sample']);
  });

  it('prints the return line above the window, fold marks for DL only, and embeds every font', () => {
    const boxes = pages(pdf);
    const returnLine = boxes[0]!.filter((w) => w.y1 <= 50 && w.y0 >= 44 && w.x0 >= 25);
    expect(returnLine.map((w) => w.text).join(' ')).toBe('Test Committee · Vancouver · Canada');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/ yes +yes +yes /);
    // Fold marks: ink 5–10 mm from the left at 105 and 210 mm from the top of a DL pack's first page, none for C5.
    expect([105, 210, 150].map((y) => inkAt(pdf, y))).toEqual([true, true, false]);
    const c5 = petition(['print', '--envelope', 'c5', '--out', 'c5'], dir);
    expect(c5.code, c5.stderr).toBe(0);
    expect(inkAt(join(dir, 'c5', 'print', 'test.print.pdf'), 105)).toBe(false);
  });

  it('writes the addresses for labels, in roster order, one column per envelope line', () => {
    const csv = readFileSync(join(dir, 'archive', 'print', 'test.addresses.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('letter,addressee,line_1,line_2,line_3,line_4,line_5,line_6,line_7,country');
    expect(csv[1]).toBe('test/ada-example/en,ada-example,Ms Ada Example,Example Officer,Example Organisation,1 Example Street,Exampletown EX1 2AB,United Kingdom,,GB');
    expect(csv.map((l) => l.split(',')[1])).toEqual(['addressee', 'ada-example', 'bruno-exemple', 'sok-sample']);
  });

  it('with --duplex starts each letter on the front of a sheet, a blank page before it if needed', () => {
    const r = petition(['print', '--duplex', '--out', 'duplex', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const boxes = pages(join(dir, 'duplex', 'print', 'test.print.pdf'));
    expect(firstPages(boxes)).toEqual([0, 4, 8]);
    expect(boxes[3]).toEqual([]);
    expect((JSON.parse(r.stdout) as PrintJson).packs[0]).toMatchObject({ pages: 11, sheets: 6 });
  });

  it('with --annex once prints the annex once, at the end', () => {
    const r = petition(['print', '--annex', 'once', '--out', 'once', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PrintJson).packs[0]).toMatchObject({ letters: 3, pages: 5 });
  });

  it('places the address in the US #10 window on Letter paper, and refuses a DL envelope for it', () => {
    const r = petition(['print', '--paper', 'letter', '--out', 'us', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const boxes = pages(join(dir, 'us', 'print', 'test.print.pdf'));
    const window = { x: 0.75 * 25.4, y: 2.0625 * 25.4, width: 3.75 * 25.4, height: 1.1 * 25.4 };
    expect(
      boxes[3]!
        .filter((w) => inside(w, window))
        .map((w) => w.text)
        .join(' '),
    ).toBe("Mr Bruno Exemple Ministre fictif 2 rue de l'Exemple 75000 Exempleville France");
    const refused = petition(['print', '--paper', 'letter', '--envelope', 'dl', '--out', 'refused'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--envelope: a DL envelope takes A4 paper, not US Letter');
  });
});

describe('petition print with a letter enclosing a file of the petition', () => {
  it('names the file to enclose by hand: the pack holds the letters and the annex only', () => {
    const md = petitionMd.replace('roster: test-roster\n', 'roster: test-roster\nattachments:\n  - path: brief.txt\n');
    const dir = makeProject({ 'recipients/test-roster.yaml': checkedToday(printRosterYaml), 'petitions/test/petition.md': md, 'petitions/test/brief.txt': 'A briefing.\n' });
    approveAll(dir);
    const r = petition(['print', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PrintJson).packs[0]?.enclose_by_hand).toEqual(['brief.txt']);
    expect(petition(['print'], dir).stdout).toContain('not in the pack, to enclose by hand: brief.txt');
  });
});

describe('petition print on a roster without postal addresses', () => {
  it('lists every letter as address needed and writes no pack (exit 0)', () => {
    const dir = makeProject();
    const r = petition(['print', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const pack = (JSON.parse(r.stdout) as PrintJson).packs[0]!;
    expect(pack).toMatchObject({ letters: 0, pages: 0, sheets: 0, envelopes: { total: 0, by_country: {} } });
    expect(pack.pdf).toBeUndefined();
    expect(pack.address_needed.map((l) => l.id)).toEqual(['test/fr-minister/en', 'test/kh-copy/km']);
    expect(existsSync(join(dir, 'archive', 'print'))).toBe(false);
    const text = petition(['print'], dir);
    expect(text.stdout).toContain('no letter has a postal address: no pack written');
    expect(text.stdout).toContain('test/kh-copy/km');
  });
});
