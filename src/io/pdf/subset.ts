// The TrueType subset embedded in each PDF, written as fontkit writes it but without its per-PDF costs: fontkit
// decodes every glyph's outline again (only to find a composite's components) and re-encodes the font's fixed tables
// (head, cvt, prep, fpgm) value by value in every document — a third of a letter's render time. Here a glyph is read
// once per process and the fixed tables are taken from fontkit's own first subset of the face. The bytes are
// fontkit's: the first subset of each face is written both ways and compared, and the fast way is used only if they
// match (tests/pdf/subset.test.ts compares them for many glyph sets of every face).
import type { FontkitFont } from 'fontkit';

/** The parts of fontkit's TrueType subset used here (not in its typings). */
export interface TrueTypeSubset {
  glyphs: number[];
  includeGlyph(glyph: number): number;
  encode(): Uint8Array;
}

interface GlyphInternals {
  advanceWidth: number;
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
  _getMetrics(): { leftBearing: number };
}

interface FontInternals {
  loca: { offsets: number[]; version: number };
  directory: { tables: Record<string, unknown> };
  _variationProcessor?: unknown;
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  getGlyph(id: number): GlyphInternals;
}

/** What a subset needs of one glyph: its outline bytes as stored, the components to renumber, its metrics. */
interface GlyphRecord {
  bytes: Uint8Array;
  components: readonly { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}

/** A table of fontkit's output: its bytes, or where the subset's own loca, glyf and hmtx go. */
interface TableTemplate {
  tag: string;
  bytes: Uint8Array;
}

const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;
/** Written per subset; every other table of fontkit's output is the same in all subsets of a face. */
const PER_SUBSET = new Set(['loca', 'glyf', 'hmtx', 'hhea', 'maxp']);

/** Writes the subsets of one TrueType face; `undefined` for faces it does not handle (CFF, variable fonts). */
export class SubsetWriter {
  private readonly glyphs = new Map<number, GlyphRecord>();
  private template: TableTemplate[] | undefined;
  /** Until the first subset has been compared with fontkit's: then true (use this writer) or false (use fontkit's). */
  private verified: boolean | undefined;

  private constructor(private readonly font: FontInternals) {}

  static for(font: FontkitFont): SubsetWriter | undefined {
    const internals = font as unknown as FontInternals;
    if (!internals.directory.tables.glyf || internals.directory.tables['CFF '] || internals._variationProcessor) return undefined;
    return new SubsetWriter(internals);
  }

  /** The subset's font file: fontkit's encoder the first time (and whenever ours differed), then this one. */
  encode(subset: TrueTypeSubset, fontkitEncode: () => Uint8Array): Uint8Array {
    if (this.verified === true) return this.write(subset);
    if (this.verified === false) return fontkitEncode();
    const reference = fontkitEncode();
    this.template = readTables(reference);
    const ours = this.template ? this.write(subset) : undefined;
    this.verified = ours !== undefined && equalBytes(ours, reference);
    return reference;
  }

  /** fontkit's TTFSubset.encode(): glyphs in the subset's order, a composite's components added as met. */
  private write(subset: TrueTypeSubset): Uint8Array {
    const outlines: Uint8Array[] = [];
    const records: GlyphRecord[] = [];
    for (let i = 0; i < subset.glyphs.length; i++) {
      const record = this.glyph(subset.glyphs[i] ?? 0);
      let bytes = record.bytes;
      if (record.components.length > 0) {
        bytes = bytes.slice();
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (const component of record.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      outlines.push(bytes);
      records.push(record);
    }
    return assemble(this.template ?? [], this.tablesOf(outlines, records));
  }

  private tablesOf(outlines: readonly Uint8Array[], records: readonly GlyphRecord[]): Map<string, Uint8Array> {
    const template = new Map((this.template ?? []).map((t) => [t.tag, t.bytes]));
    const hhea = patched(template.get('hhea'), HHEA_NUMBER_OF_METRICS, records.length);
    const maxp = patched(template.get('maxp'), MAXP_NUM_GLYPHS, outlines.length);
    return new Map([
      ['loca', locaTable(outlines, this.font.loca.version)],
      ['glyf', concatBytes(outlines)],
      ['hmtx', hmtxTable(records)],
      ['hhea', hhea],
      ['maxp', maxp],
    ]);
  }

  /** One glyph as fontkit's _addGlyph reads it, once per process. */
  private glyph(id: number): GlyphRecord {
    let record = this.glyphs.get(id);
    if (!record) {
      const glyph = this.font.getGlyph(id);
      const decoded = glyph._decode();
      const start = this.font.loca.offsets[id] ?? 0;
      const end = this.font.loca.offsets[id + 1] ?? start;
      const stream = this.font._getTableStream('glyf');
      stream.pos += start;
      // copied: the stream's buffer is the whole font file, which a record must not keep a view into
      const bytes = new Uint8Array(stream.readBuffer(end - start));
      const components = decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : [];
      record = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
      this.glyphs.set(id, record);
    }
    return record;
  }
}

/** The tables of a font file in the order they are stored; undefined if it is not laid out as fontkit writes. */
function readTables(file: Uint8Array): TableTemplate[] | undefined {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.byteLength < 12) return undefined;
  const count = view.getUint16(4);
  const tables: TableTemplate[] = [];
  let expected = 12 + 16 * count;
  for (let i = 0; i < count; i++) {
    const entry = 12 + 16 * i;
    const tag = String.fromCharCode(...file.subarray(entry, entry + 4));
    const offset = view.getUint32(entry + 8);
    const length = view.getUint32(entry + 12);
    // fontkit stores the tables one after the other, in the directory's order, with no padding and no checksums
    if (offset !== expected || view.getUint32(entry + 4) !== 0 || offset + length > file.byteLength) return undefined;
    tables.push({ tag, bytes: file.slice(offset, offset + length) });
    expected += length;
  }
  return expected === file.byteLength && tables.some((t) => t.tag === 'glyf') ? tables : undefined;
}

/** fontkit's Directory: "true", the table count and search fields, entries with zero checksums, then the tables. */
function assemble(template: readonly TableTemplate[], perSubset: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tables = template.map((t) => ({ tag: t.tag, bytes: PER_SUBSET.has(t.tag) ? (perSubset.get(t.tag) ?? t.bytes) : t.bytes }));
  const header = 12 + 16 * tables.length;
  const file = new Uint8Array(header + tables.reduce((n, t) => n + t.bytes.length, 0));
  const view = new DataView(file.buffer);
  const power = 2 ** Math.floor(Math.log2(tables.length));
  file.set([0x74, 0x72, 0x75, 0x65]);
  view.setUint16(4, tables.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tables.length * 16 - power * 16);
  let offset = header;
  tables.forEach((table, i) => {
    const entry = 12 + 16 * i;
    for (let c = 0; c < 4; c++) file[entry + c] = table.tag.charCodeAt(c);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, table.bytes.length);
    file.set(table.bytes, offset);
    offset += table.bytes.length;
  });
  return file;
}

/** Offsets of each outline and of the end; in the short format halved, as fontkit's loca.preEncode does. */
function locaTable(outlines: readonly Uint8Array[], version: number): Uint8Array {
  const size = version === 0 ? 2 : 4;
  const table = new Uint8Array((outlines.length + 1) * size);
  const view = new DataView(table.buffer);
  let offset = 0;
  for (let i = 0; i <= outlines.length; i++) {
    if (version === 0) view.setUint16(i * size, offset >>> 1);
    else view.setUint32(i * size, offset);
    offset += outlines[i]?.length ?? 0;
  }
  return table;
}

function hmtxTable(records: readonly GlyphRecord[]): Uint8Array {
  const table = new Uint8Array(records.length * 4);
  const view = new DataView(table.buffer);
  records.forEach((r, i) => {
    view.setUint16(i * 4, r.advance);
    view.setInt16(i * 4 + 2, r.bearing);
  });
  return table;
}

function patched(bytes: Uint8Array | undefined, offset: number, value: number): Uint8Array {
  const copy = new Uint8Array(bytes ?? new Uint8Array(offset + 2));
  new DataView(copy.buffer).setUint16(offset, value);
  return copy;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
