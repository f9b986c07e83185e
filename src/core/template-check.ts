// What a template may say, checked once when it is compiled, so a merge can only fail on the letter's data.
import type { Problem } from './types.js';
import { helperShapes } from './template-helpers.js';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** A field a template names, where it names it: a merge failure is mapped back to one of these. */
export interface FieldSite {
  path: string;
  parts: string[];
  line: number;
  column: number;
  /** Column of the `{{` of the statement the field is in: problems point there. */
  statementColumn: number;
  /** A helper's argument (looked up leniently by Handlebars) rather than a printed or tested field. */
  argument: boolean;
}

/** Names JavaScript gives every object, list, text or number: never a field of a letter, whatever the data. Our own
 *  fields (name, title, date, …) are not among them; `length` is, so a list is tested with {{#if list}}. */
const javascriptNames: ReadonlySet<string> = new Set([
  '__proto__',
  'prototype',
  ...[Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype].flatMap((p) => Object.getOwnPropertyNames(p)),
]);

/** The `@` variables Handlebars sets inside {{#each}} and for the root context. */
const dataVariables: ReadonlySet<string> = new Set(['root', 'index', 'key', 'first', 'last']);

const helperList = [...helperShapes.keys()].join(', ');

export function isJavascriptName(name: string): boolean {
  return javascriptNames.has(name);
}

/** Every problem in a parsed template, and every field it names. `lineOffset` places a petition body in its file. */
export function checkTemplate(program: hbs.AST.Program, file: string, lineOffset = 0): { problems: Problem[]; sites: FieldSite[] } {
  const problems: Problem[] = [];
  const sites: FieldSite[] = [];
  let statement: Node = program;
  const report = (node: Node, field: string | undefined, message: string, hint?: string): void => {
    problems.push({ severity: 'error', file, line: node.loc.start.line + lineOffset, column: node.loc.start.column + 1, field, message, hint });
  };

  const path = (p: hbs.AST.PathExpression, argument: boolean): void => {
    const shown = p.data ? `@${p.original.replace(/^@/, '')}` : p.original;
    const bad = p.parts.find(isJavascriptName);
    if (bad !== undefined)
      report(
        statement,
        shown,
        `"${bad}" is a name of JavaScript's, not a field of the letter`,
        bad === 'length' ? 'to test a list, write {{#if list}}' : 'use a field of petition, addressee, signatures, letter or labels',
      );
    else if (p.data && !dataVariables.has(p.parts[0] ?? '')) report(statement, shown, 'is not a Handlebars @ variable', `use one of ${[...dataVariables].map((v) => `@${v}`).join(', ')}`);
    sites.push({ path: shown, parts: p.parts, line: p.loc.start.line + lineOffset, column: p.loc.start.column, statementColumn: statement.loc.start.column, argument });
  };

  const expression = (e: Expression, argument: boolean): void => {
    if (e.type === 'PathExpression') path(e as hbs.AST.PathExpression, argument);
    else if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression, false);
  };

  const call = (c: Call, block: boolean): void => {
    const head = c.path;
    const isCall = block || c.type === 'SubExpression' || c.params.length > 0 || (c.hash?.pairs.length ?? 0) > 0;
    const name = head.type === 'PathExpression' ? (head as hbs.AST.PathExpression).original : String((head as hbs.AST.StringLiteral).value);
    const shape = helperShapes.get(name);
    if (isCall || shape) {
      if (!shape || head.type !== 'PathExpression') report(statement, name, block ? 'is not a block helper' : 'is not a helper', `helpers: ${helperList}`);
      else if (shape.block !== block) report(statement, name, shape.block ? `is a block helper: write {{#${name} …}}…{{/${name}}}` : `is not a block helper: write {{${name} …}}`);
      else if (c.params.length < shape.min || c.params.length > shape.max)
        report(statement, name, `takes ${shape.min === shape.max ? shape.min : `${shape.min} or ${shape.max}`} argument${shape.max === 1 ? '' : 's'}, not ${c.params.length}`);
      else if (name === 'lookup' && c.params[1]?.type === 'StringLiteral' && isJavascriptName((c.params[1] as hbs.AST.StringLiteral).value))
        report(statement, `lookup "${(c.params[1] as hbs.AST.StringLiteral).value}"`, "is a name of JavaScript's, not a field of the letter");
      for (const p of c.params) expression(p, true);
      for (const pair of c.hash?.pairs ?? []) expression(pair.value, true);
    } else expression(head, false);
  };

  const visit = (node: Node): void => {
    switch (node.type) {
      case 'Program':
        for (const s of (node as hbs.AST.Program).body) visit(s);
        return;
      case 'MustacheStatement':
        statement = node;
        call(node as hbs.AST.MustacheStatement, false);
        return;
      case 'BlockStatement': {
        statement = node;
        const block = node as hbs.AST.BlockStatement;
        call(block, true);
        if (block.program) visit(block.program);
        if (block.inverse) visit(block.inverse);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        report(
          node,
          `> ${(node as hbs.AST.PartialStatement).name.type === 'PathExpression' ? ((node as hbs.AST.PartialStatement).name as hbs.AST.PathExpression).original : '(…)'}`,
          'partials are not supported',
          'write the text in the template itself',
        );
        return;
      case 'Decorator':
      case 'DecoratorBlock':
        report(node, undefined, 'decorators are not supported');
        return;
      default: // content and comments
    }
  };
  visit(program);
  return { problems, sites };
}
