// The validators compiled ahead (src/core/schema-validators.generated.ts) are what the schemas make today, and judge
// as Ajv compiling the schemas at run time did: the same errors, so the same problems.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { petitionSchema, translationSchema } from '../../src/core/petition-schema.js';
import { validatePetition, validateRoster, validateTranslation } from '../../src/core/schema-validators.generated.js';
import { petitionKmMd, petitionMd, repoRoot, rosterYaml } from '../support/fixtures.js';
import { tempFolder } from '../support/temp.js';

const generated = join(repoRoot, 'src', 'core', 'schema-validators.generated.ts');
const check = (file: string) => spawnSync(process.execPath, [join(repoRoot, 'scripts', 'generate-validators.mjs'), '--check', '--file', file], { cwd: repoRoot, encoding: 'utf8' });
const frontMatter = (markdown: string): unknown => parse(markdown.split('---\n')[1]!);

describe('the validators compiled ahead', () => {
  it('are what the schemas make today', () => {
    const result = check(generated);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('are found stale when they differ from what the schemas make', () => {
    const stale = join(tempFolder('petition-validators-'), 'schema-validators.generated.ts');
    writeFileSync(stale, readFileSync(generated, 'utf8').replace('"minLength":1', '"minLength":2'));
    const result = check(stale);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/schema-validators\.generated\.ts is stale: its schemas changed since it was generated \(run npm run generate\)/);
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
  ])('judge %s as Ajv at run time does', (_, ahead, schema, data) => {
    const atRunTime = runtime.compile(schema);
    expect(ahead(data)).toBe(atRunTime(data));
    expect(ahead.errors).toEqual(atRunTime.errors);
  });
});
