// A project carries its own templates/: one whose labels.yaml predates a label the PDFs print is refused by
// `petition validate` (exit 2), naming the file, the key and every key to add, never rendered with an English word.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { petition } from '../support/cli.js';
import { makeProject } from '../support/fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** templates/km/labels.yaml as it was before the annex had labels of its own. */
const khmerLabelsWithoutAnnex = 'locale: km-KH-u-nu-khmr\nto: ជូនចំពោះ\ncc: ចម្លងជូន\ncopy: ច្បាប់ចម្លង\npage: ទំព័រ\nannex_title: ឧបសម្ព័ន្ធហត្ថលេខា\n';

describe("a project's own labels.yaml", () => {
  it('without the annex labels: exit 2, one error per missing key, the hint listing them all', () => {
    const dir = makeProject({ 'templates/km/labels.yaml': khmerLabelsWithoutAnnex });
    dirs.push(dir);
    const r = petition(['validate'], dir);
    expect(r.code).toBe(2);
    const errors = r.stderr.split('\n').filter((line) => line.startsWith('error: templates/km/labels.yaml'));
    expect(errors).toHaveLength(18);
    expect(errors[0]).toBe(
      'error: templates/km/labels.yaml:1: annex_prepared_for: is missing or empty (add annex_prepared_for, annex_summary, annex_rows, annex_unique, annex_invalid, annex_duplicates, annex_declared, annex_total, annex_countries, annex_by_country, annex_country, annex_signatures, annex_share, annex_not_stated, annex_other_countries, annex_by_day, annex_signers, annex_and_more — every language needs every label)',
    );
    expect(r.stderr).toMatch(/\d+ error\(s\): nothing was sent or written/);
  });
});
