import Handlebars from 'handlebars';
import { problem } from './errors.js';
import { checkTemplate, type FieldSite } from './template-check.js';
import { helperShapes, registerHelpers } from './template-helpers.js';
import { readLabels, type Labels } from './template-labels.js';
import { mergeProblem } from './template-problems.js';
import { precompiledTemplates, precompiledWith, type PrecompiledTemplate } from './templates.generated.js';
import type { LanguageCode, Problem } from './types.js';

/** The parts every language must provide, as `templates/<lang>/<part>.hbs`. */
export const templateParts = ['subject', 'dateline', 'salutation', 'copy-notice', 'count', 'closing', 'letter.md'] as const;
export type TemplatePart = (typeof templateParts)[number];

/** Parts a language may provide: without `follow-up.md`, its letters get no reminder (`petition follow-up` says so). */
export const optionalTemplateParts = ['follow-up.md'] as const;
export type OptionalTemplatePart = (typeof optionalTemplateParts)[number];

export type { Labels } from './template-labels.js';

export interface TemplateFile {
  path: string; // shown in problems
  text: string;
}

export interface TemplateSources {
  /** language → part → file */
  languages: Record<LanguageCode, Partial<Record<TemplatePart | OptionalTemplatePart, TemplateFile>> & { labels?: TemplateFile }>;
  layout?: TemplateFile | undefined;
}

type Render = (context: object) => string;

export interface LanguageTemplates {
  language: LanguageCode;
  labels: Labels;
  parts: Record<TemplatePart, { file: TemplateFile; render: Render }>;
  /** The reminder's Markdown (templates/<lang>/follow-up.md.hbs), when the language has one. */
  followUp?: { file: TemplateFile; render: Render } | undefined;
  env: typeof Handlebars;
}

export interface TemplateSet {
  languages: Map<LanguageCode, LanguageTemplates>;
  /** Languages whose folder is there but has problems (already reported): their letters are not merged. */
  broken: ReadonlySet<LanguageCode>;
  layout: { file: TemplateFile; render: Render };
}

const knownHelpers = Object.fromEntries([...helperShapes.keys()].map((name) => [name, true]));

/** A merge failure with the template, line and field it happened at. */
export class MergeError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'MergeError';
  }
}

export function compileTemplates(sources: TemplateSources): { value?: TemplateSet | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const languages = new Map<LanguageCode, LanguageTemplates>();
  const broken = new Set<LanguageCode>();
  for (const [language, files] of Object.entries(sources.languages)) {
    const labels = readLabels(files.labels, language, problems);
    const env = Handlebars.create();
    registerHelpers(env, labels?.locale ?? language, language);
    const parts: Partial<LanguageTemplates['parts']> = {};
    for (const part of templateParts) {
      const file = files[part];
      if (!file) {
        problems.push(problem(`templates/${language}/${part}.hbs`, undefined, undefined, 'template is missing', `every language needs ${templateParts.map((p) => `${p}.hbs`).join(', ')}`));
        continue;
      }
      const render = compileOne(env, file, { noEscape: true }, problems);
      if (render) parts[part] = { file, render };
    }
    const followUpFile = files['follow-up.md'];
    const followUpRender = followUpFile && compileOne(env, followUpFile, { noEscape: true }, problems);
    const followUp = followUpFile && followUpRender ? { followUp: { file: followUpFile, render: followUpRender } } : {};
    if (labels && templateParts.every((p) => parts[p]) && (!followUpFile || followUpRender))
      languages.set(language, { language, labels, parts: parts as LanguageTemplates['parts'], env, ...followUp });
    else broken.add(language);
  }
  let layout: TemplateSet['layout'] | undefined;
  if (!sources.layout) problems.push(problem('templates/layout.html.hbs', undefined, undefined, 'HTML layout is missing'));
  else {
    const env = Handlebars.create();
    registerHelpers(env, 'en', 'en'); // the layout prints no words of its own; its helpers are those of every template
    const render = compileOne(env, sources.layout, { noEscape: false }, problems);
    if (render) layout = { file: sources.layout, render };
  }
  return { value: layout ? { languages, broken, layout } : undefined, problems };
}

/** Compiles a text (e.g. a petition body) with the helpers of a language, for merging. */
export function compileText(templates: LanguageTemplates, file: TemplateFile, lineOffset: number, problems: Problem[]): Render | undefined {
  return compileOne(templates.env, file, { noEscape: true }, problems, lineOffset);
}

function compileOne(env: typeof Handlebars, file: TemplateFile, options: { noEscape: boolean }, problems: Problem[], lineOffset = 0): Render | undefined {
  // The package's own templates and petitions were compiled when it was built; their code is only instantiated here.
  const ahead = precompiledWith === Handlebars.VERSION ? precompiledTemplates.get(templateKey(file.text, options.noEscape)) : undefined;
  if (ahead)
    return renderer(
      env.template(specOf(ahead)),
      file,
      lineOffset,
      ahead.sites.map((site) => ({ ...site, line: site.line + lineOffset })),
    );
  const checked = parseAndCheck(env, file, lineOffset, problems);
  return checked && renderer(env.compile(checked.program, compileOptions(options.noEscape)), file, lineOffset, checked.sites);
}

/** The parsed template and the fields it names, or undefined once its problems are reported. */
function parseAndCheck(env: typeof Handlebars, file: TemplateFile, lineOffset: number, problems: Problem[]): { program: hbs.AST.Program; sites: FieldSite[] } | undefined {
  let program: hbs.AST.Program;
  try {
    program = env.parse(file.text);
  } catch (err) {
    problems.push(syntaxProblem(err as Error & { lineNumber?: number }, file, lineOffset));
    return undefined;
  }
  const checked = checkTemplate(program, file.path, lineOffset);
  if (checked.problems.length > 0) {
    problems.push(...checked.problems);
    return undefined;
  }
  return { program, sites: checked.sites };
}

// strict: a field that is not there throws instead of rendering blank; knownHelpersOnly: nothing but our helpers.
const compileOptions = (noEscape: boolean): CompileOptions => ({ strict: true, noEscape, preventIndent: true, knownHelpersOnly: true, knownHelpers });

function renderer(template: HandlebarsTemplateDelegate, file: TemplateFile, lineOffset: number, sites: readonly FieldSite[]): Render {
  return (context: object) => {
    try {
      return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (err) {
      throw new MergeError(mergeProblem(err as Error, file, lineOffset, sites));
    }
  };
}

/** A compiled template is found by its text and how it escapes (the HTML layout escapes, the parts of a letter do not). */
export const templateKey = (text: string, noEscape: boolean): string => `${noEscape ? 'text' : 'html'}:${text}`;

/** A template compiled ahead exactly as compileOne compiles it (parsed, checked, with the same options), for
 *  scripts/generate.mjs; undefined when it has a problem, as it is then compiled at run time, where it is reported. */
export function precompileTemplate(text: string, noEscape: boolean): PrecompiledTemplate | undefined {
  const checked = parseAndCheck(Handlebars, { path: 'template', text }, 0, []);
  if (!checked) return undefined;
  try {
    // Typed as the object the code evaluates to; what precompile returns is the code.
    const spec = Handlebars.precompile(checked.program, compileOptions(noEscape)) as unknown as string;
    return { spec, sites: checked.sites };
  } catch {
    return undefined; // an error Handlebars finds only when compiling (an unknown helper) is a merge problem at run time
  }
}

/** Handlebars' code for a template is a JavaScript object literal, written by Handlebars when the package was built;
 *  turning code into functions is what Handlebars.compile does at run time too (with the Function constructor). */
function specOf(ahead: PrecompiledTemplate): TemplateSpecification {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code Handlebars wrote from the package's own templates
  const evaluate = new Function(`return ${ahead.spec};`) as () => TemplateSpecification;
  return evaluate();
}

function syntaxProblem(e: Error & { lineNumber?: number }, file: TemplateFile, lineOffset: number): Problem {
  const line = Number(/on line (\d+)/.exec(e.message)?.[1] ?? e.lineNumber ?? 1);
  const message =
    e.message
      .replace(/ - \d+:\d+$/, '')
      .split('\n')
      .pop() ?? e.message;
  return problem(file.path, line + lineOffset, undefined, `template syntax: ${message}`, 'check {{ }} pairs and block helpers');
}
