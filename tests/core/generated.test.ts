// What is compiled ahead (scripts/generate.mjs) is what the schemas, templates and petitions make today; the validators
// judge as Ajv compiling the schemas at run time did (the same errors, so the same problems); every template and
// petition text of the package is compiled ahead, and a campaign's own is compiled when it is loaded.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { petitionSchema, translationSchema } from '../../src/core/petition-schema.js';
import { validatePetition, validateRoster, validateTranslation } from '../../src/core/schema-validators.generated.js';
import { compileTemplates, templateKey } from '../../src/core/templates.js';
import { precompiledTemplates } from '../../src/core/templates.generated.js';
import { readTemplateSources } from '../../src/io/project.js';
import { petitionKmMd, petitionMd, repoRoot, rosterYaml } from '../support/fixtures.js';
import { tempFolder } from '../support/temp.js';

const core = join(repoRoot, 'src', 'core');
const generatedFiles = ['schema-validators.generated.ts', 'templates.generated.ts'];
const check = (folder: string) => spawnSync(process.execPath, [join(repoRoot, 'scripts', 'generate.mjs'), '--check', '--in', folder], { cwd: repoRoot, encoding: 'utf8' });
const frontMatter = (markdown: string): unknown => parse(markdown.split('---\n')[1]!);

describe('what is compiled ahead', () => {
  it('is what the schemas, templates and petitions make today', () => {
    const result = check(core);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each([
    ['schema-validators.generated.ts', '"minLength":1', '"minLength":2'],
    ['templates.generated.ts', 'This petition is supported by', 'This petition was supported by'],
  ])('is found stale when %s differs from what it is made from', (name, from, to) => {
    const folder = tempFolder('petition-generated-');
    for (const file of generatedFiles) copyFileSync(join(core, file), join(folder, file));
    const text = readFileSync(join(core, name), 'utf8');
    expect(text.includes(from)).toBe(true);
    writeFileSync(join(folder, name), text.replace(from, to));
    const result = check(folder);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`${name.replace(/\./g, '\\.')} is stale: what it is generated from changed \\(run npm run generate\\)$`))]);
  });

  it("holds every template of the package, and no campaign's own", () => {
    const { sources } = readTemplateSources(join(repoRoot, 'templates'), repoRoot);
    for (const files of Object.values(sources.languages))
      for (const [part, file] of Object.entries(files)) if (part !== 'labels') expect(precompiledTemplates.has(templateKey(file.text, true)), file.path).toBe(true);
    expect(precompiledTemplates.has(templateKey(sources.layout!.text, false))).toBe(true);
    expect(precompiledTemplates.has(templateKey(sources.layout!.text, true))).toBe(false);
    const own = { ...sources.languages.en!, subject: { path: 'templates/en/subject.hbs', text: '{{subject}} — {{addressee.name}}' } };
    expect(precompiledTemplates.has(templateKey(own.subject.text, true))).toBe(false);
    expect(compileTemplates({ ...sources, languages: { en: own } }).problems).toEqual([]);
  });

  const runtime = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  const rosterSchema = JSON.parse(readFileSync(join(repoRoot, 'recipients', 'roster.schema.json'), 'utf8')) as object;
  const petition = frontMatter(petitionMd) as Record<string, unknown>;
  const roster = parse(rosterYaml) as Record<string, unknown>;
  it.each([
    ['a valid petition', validatePetition, petitionSchema, petition],
    ['a petition missing its fields, with an unknown one', validatePetition, petitionSchema, { ...petition, title: '', to: [], roster: 'Bad Slug', langauge: 'en', date: 20171023 }],
    ['a valid translation', validateTranslation, translationSchema, frontMatter(petitionKmMd)],
    ['a translation of the wrong shape', validateTranslation, translationSchema, { language: 'KM', subject: 7, extra: true }],
    ['a valid roster', validateRoster, rosterSchema, roster],
    ['a roster with broken addressees', validateRoster, rosterSchema, { ...roster, addressees: [{ id: 'X', emial: 'a@example.org' }, 'text'], states: {} }],
    ['no object at all', validateRoster, rosterSchema, null],
  ])('validators judge %s as Ajv at run time does', (_, ahead, schema, data) => {
    const atRunTime = runtime.compile(schema);
    expect(ahead(data)).toBe(atRunTime(data));
    expect(ahead.errors).toEqual(atRunTime.errors);
  });
});
