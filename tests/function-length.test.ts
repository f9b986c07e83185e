// Short functions of one purpose (issue 10): no function in src/ is longer than MAX_LINES, counted from the line of its
// first token to the line of its last, nested functions included in the outer one's count and counted on their own.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readSources, type SourceFile } from './support/architecture.js';
import { repoRoot } from './support/fixtures.js';

const MAX_LINES = 80;

/** The delivery runner reads as one story from the plan to the report, each step an await whose order the ledger's
 *  exactly-once rules depend on; it is left whole on purpose (issue 10), and only it. */
const EXEMPT = new Set(['src/io/delivery/runner.ts runDelivery']);

interface FunctionSpan {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function functionSpans(file: SourceFile): FunctionSpan[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node)) {
      const line = lineOf(node.getStart(source));
      spans.push({ file: file.path, line, name: functionName(node), lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/** A declaration's own name, else the name it is bound to (`const run = () => …`, `{ add(row) {…} }`). */
function functionName(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText();
  return '(anonymous)';
}

function tooLong(files: readonly SourceFile[]): string[] {
  return files
    .flatMap(functionSpans)
    .filter((f) => f.lines > MAX_LINES && !EXEMPT.has(`${f.file} ${f.name}`))
    .map((f) => `${f.file}:${f.line} ${f.name} is ${f.lines} lines (at most ${MAX_LINES})`);
}

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('function length', () => {
  const sources = readSources(repoRoot);

  it(`no function in src/ is over ${MAX_LINES} lines`, () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(tooLong(sources)).toEqual([]);
  });

  it('exempts only a runDelivery that exists', () => {
    const spans = sources.flatMap(functionSpans);
    for (const exempt of EXEMPT) expect(spans.some((f) => `${f.file} ${f.name}` === exempt)).toBe(true);
  });

  it.each([
    ['a function declaration', (body: string) => `export function long() {\n${body}\n}`, 'long'],
    ['an arrow function', (body: string) => `export const arrow = () => {\n${body}\n};`, 'arrow'],
    ['a function expression', (body: string) => `const expression = function () {\n${body}\n};`, 'expression'],
    ['a method', (body: string) => `class A {\n  method() {\n${body}\n  }\n}`, 'method'],
    ['a method of an object literal', (body: string) => `const o = {\n  shorthand() {\n${body}\n  },\n};`, 'shorthand'],
    ['a nested function', (body: string) => `function outer() {\n  const inner = () => {\n${body}\n  };\n}`, 'inner'],
  ])('finds %s over the limit', (_, wrap, name) => {
    const at = (n: number): SourceFile => ({ path: 'src/x.ts', imports: [], text: wrap(lines(n)) });
    expect(tooLong([at(MAX_LINES - 6)])).toEqual([]);
    expect(tooLong([at(MAX_LINES)])).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^src/x\\.ts:\\d+ ${name} is \\d+ lines`))]));
  });

  it('exempts runDelivery by name in the runner only', () => {
    const long = `export async function runDelivery() {\n${lines(MAX_LINES)}\n}`;
    expect(tooLong([{ path: 'src/io/delivery/runner.ts', imports: [], text: long }])).toEqual([]);
    expect(tooLong([{ path: 'src/io/delivery/other.ts', imports: [], text: long }])).toEqual([expect.stringMatching(/other\.ts:1 runDelivery is 82 lines/)]);
  });
});
