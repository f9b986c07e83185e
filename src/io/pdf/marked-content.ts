// Every line is a marked-content span carrying its source text (/ActualText) and language, so copy and search return
// what was written. pdfkit's markContent() converts that text to a PDF string on every call — UTF-16 for non-ASCII,
// byte by byte — and a campaign draws the same lines in letter after letter: the operator is made once per line here,
// in pdfkit's own format (tests/pdf/glyph-run.test.ts compares the files with pdfkit's), and kept with the line.
import type { Line } from './layout.js';

const operators = new WeakMap<Line, { language: string | undefined; operator: string }>();

/** The BDC operator pdfkit's markContent('Span', { actual, lang }) writes for this line. */
export function spanOperator(line: Line, language: string | undefined): string {
  const kept = operators.get(line);
  if (kept && kept.language === language) return kept.operator;
  const entries = [...(language ? [`/Lang ${pdfString(language)}`] : []), ...(line.text ? [`/ActualText ${pdfString(line.text)}`] : [])];
  const operator = `/Span ${['<<', ...entries, '>>'].join('\n')} BDC`;
  operators.set(line, { language, operator });
  return operator;
}

const ESCAPED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '(': '\\(', ')': '\\)' };

/** pdfkit's PDFObject.convert of a String: UTF-16BE with a byte-order mark if any character is beyond ASCII. */
function pdfString(text: string): string {
  let bytes = text;
  if (/[^\0-\x7f]/.test(text)) {
    const units: string[] = ['\xfe\xff'];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      units.push(String.fromCharCode(code >> 8, code & 0xff));
    }
    bytes = units.join('');
  }
  return `(${bytes.replace(/[\n\r\t\b\f()\\]/g, (c) => ESCAPED[c] ?? c)})`;
}
