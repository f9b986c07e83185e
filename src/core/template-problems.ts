// A merge that fails says where (template:line:column) and which field, never Handlebars' or JavaScript's own words.
import type { FieldSite } from './template-check.js';
import { HelperError } from './template-helpers.js';
import type { Problem } from './types.js';

const missingHint = 'add the field to the petition or roster, or guard it with {{#if …}}';

export function mergeProblem(err: Error & { lineNumber?: number; column?: number }, file: { path: string }, lineOffset: number, sites: readonly FieldSite[]): Problem {
  const at = (site: FieldSite | undefined, line: number | undefined, message: string, hint?: string): Problem => ({
    severity: 'error',
    file: file.path,
    line: site?.line ?? (line !== undefined ? line + lineOffset : undefined),
    column: site ? site.statementColumn + 1 : undefined,
    field: site?.path,
    message,
    hint,
  });

  if (err instanceof HelperError) {
    const line = err.loc ? err.loc.line + lineOffset : undefined;
    const site = sites.find((s) => s.argument && s.line === line && s.statementColumn === err.loc?.column);
    const problem = at(site, err.loc?.line, err.message, err.message.startsWith('no ') ? missingHint : undefined);
    return { ...problem, field: site?.path ?? err.helper, column: problem.column ?? (err.loc ? err.loc.column + 1 : undefined) };
  }
  // Strict mode: `"fax" not defined in [object Object] - 2:4`, the position being the path's own.
  const strict = /^"(.*)" not defined in [\s\S]* - (\d+):(\d+)$/.exec(err.message);
  if (strict) {
    const line = Number(strict[2]) + lineOffset;
    const column = Number(strict[3]);
    const site = sites.find((s) => s.line === line && s.column === column) ?? sites.find((s) => s.line === line && s.parts.includes(strict[1] ?? ''));
    return at(site, Number(strict[2]), 'no such field for this letter', missingHint);
  }
  // Strict mode looks a field up with `in`, which throws on text and numbers: {{addressee.name.first}}.
  const primitive = /^Cannot use 'in' operator to search for '(.*)' in /.exec(err.message);
  if (primitive) {
    const site = sites.find((s) => s.parts.indexOf(primitive[1] ?? '') > 0);
    const parent = site ? site.parts.slice(0, site.parts.indexOf(primitive[1] ?? '')).join('.') : 'the value';
    return at(site, undefined, `${parent} is a single value, it has no field "${primitive[1]}"`, 'name the value itself');
  }
  return at(undefined, err.lineNumber, `the template could not be merged: ${err.message.replace(/ - \d+:\d+$/, '')}`);
}
