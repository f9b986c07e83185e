// `petition count FILE --suggest-mapping`: the guessed sources as YAML to paste into a petition's front matter, each
// guess with its reason as a comment (the same as JSON: suggestMappingJson in core/json.ts).
import { Document, isScalar, isSeq, type Node } from 'yaml';
import { sourceEntry } from '../core/json.js';
import type { SourceSuggestion } from '../core/signatures/suggest-mapping.js';

/** Indentation of a source under `signatures:` → `sources:`, as the petitions in this repository write it. */
const INDENT = '    ';

export function formatMappingSuggestions(suggestions: readonly SourceSuggestion[]): string {
  const doc = new Document(suggestions.map(sourceEntry));
  suggestions.forEach((s, i) => {
    const note = (path: (string | number)[], why: string) => {
      const node = doc.getIn([i, ...path], true) as Node | undefined;
      if (node) node.comment = ` ${oneLine(why)}`;
    };
    note(['path'], s.path.why);
    note(['label'], s.label.why);
    note(['delimiter'], s.delimiter.why);
    const delimiter = doc.getIn([i, 'delimiter'], true);
    if (isScalar(delimiter)) delimiter.type = 'QUOTE_DOUBLE'; // `;` and a tab read best quoted
    note(['encoding'], s.encoding.why);
    for (const c of s.columns.columns) {
      note(['columns', c.field], c.why);
      const list = doc.getIn([i, 'columns', c.field], true);
      if (isSeq(list)) list.flow = true;
    }
    const columns = doc.getIn([i, 'columns'], true) as Node | undefined;
    const unplaced = s.columns.unplaced.map((u) => (u.why ? `${u.column} (${u.why})` : u.column));
    const notes = [
      ...(s.columns.columns.some((c) => c.field === 'name') ? [] : ['no header looks like a name: add name: <its column>, every signature needs one']),
      ...(unplaced.length > 0 ? [`not placed: ${unplaced.join('; ')}`] : []),
    ];
    if (columns && notes.length > 0) columns.comment = ` ${oneLine(notes.join('. '))}`;
    const first = doc.getIn([i], true) as Node | undefined;
    if (first) first.commentBefore = ` ${oneLine(`${s.file}: guessed from its header and ${s.rowsRead} row(s)`)}`;
  });
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const lines = yaml
    .trimEnd()
    .split('\n')
    .map((line) => INDENT + line);
  return ['# Paste under "signatures:" → "sources:" in petition.md (the entries are indented as it has them).', ...lines].join('\n');
}

/** A comment is one line: a header name holding a line break must not end it. */
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
