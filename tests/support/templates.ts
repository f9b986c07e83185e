// The repository's templates as the core's compiler takes them (what io/project.ts reads), for pure core tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplates, optionalTemplateParts, templateParts, type Labels, type TemplateSources } from '../../src/core/templates.js';
import { repoRoot } from './fixtures.js';

/** Every language's parts and labels, and the HTML layout; `patch` may change any of them before they are returned. */
export function repoTemplates(patch: (s: TemplateSources) => void = () => {}): TemplateSources {
  const dir = join(repoRoot, 'templates');
  const languages: TemplateSources['languages'] = {};
  for (const lang of readdirSync(dir).filter((d) => /^[a-z]{2,3}$/.test(d))) {
    const files: TemplateSources['languages'][string] = { labels: { path: `templates/${lang}/labels.yaml`, text: readFileSync(join(dir, lang, 'labels.yaml'), 'utf8') } };
    for (const part of templateParts) files[part] = { path: `templates/${lang}/${part}.hbs`, text: readFileSync(join(dir, lang, `${part}.hbs`), 'utf8') };
    for (const part of optionalTemplateParts)
      if (existsSync(join(dir, lang, `${part}.hbs`))) files[part] = { path: `templates/${lang}/${part}.hbs`, text: readFileSync(join(dir, lang, `${part}.hbs`), 'utf8') };
    languages[lang] = files;
  }
  const sources = { languages, layout: { path: 'templates/layout.html.hbs', text: readFileSync(join(dir, 'layout.html.hbs'), 'utf8') } };
  patch(sources);
  return sources;
}

/** A language's labels as the repository ships them, read by the same compiler as `petition validate`. */
export function repoLabels(language: string): Labels {
  const labels = compileTemplates(repoTemplates()).value?.languages.get(language)?.labels;
  if (!labels) throw new Error(`the repository's templates have no labels for "${language}"`);
  return labels;
}
