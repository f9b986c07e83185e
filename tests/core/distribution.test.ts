// The distribution list: every name while they are few; the largest groups by their summary when they are more than
// the petition's limit, with the full list enclosed once per petition; the same letter as before up to the limit.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { planDistribution } from '../../src/core/distribution.js';
import { parsePetition } from '../../src/core/petition.js';
import { planLetters, type PlanInput } from '../../src/core/plan.js';
import { parseRoster } from '../../src/core/roster.js';
import { compileTemplates, type TemplateSources } from '../../src/core/templates.js';
import type { Addressee, SignatureTally } from '../../src/core/types.js';
import { repoTemplates } from '../support/templates.js';
import { petitionKmMd, petitionMd, rosterYaml } from '../support/fixtures.js';

const member = (group: string, i: number) => ({ id: `${group}-${i}`, group }) as Addressee;
const members = (group: string, n: number) => Array.from({ length: n }, (_, i) => member(group, i));

describe('planDistribution', () => {
  it.each([
    // name, principal groups, copy groups, limit, summarised groups
    [
      'all within the limit: every name',
      [
        ['un', 1],
        ['signatory', 17],
      ],
      [['copy', 4]],
      50,
      [],
    ],
    [
      'exactly at the limit: every name',
      [
        ['un', 1],
        ['signatory', 45],
      ],
      [['copy', 4]],
      50,
      [],
    ],
    [
      'one name over: the largest group only',
      [
        ['un', 1],
        ['signatory', 46],
      ],
      [['copy', 4]],
      50,
      ['signatory'],
    ],
    [
      '3 principals and 10,000 in copy: the copies only',
      [
        ['un', 1],
        ['co-chair', 2],
      ],
      [['parliaments', 10000]],
      50,
      ['parliaments'],
    ],
    [
      'every group large: all summarised, largest first',
      [
        ['un', 417],
        ['signatory', 7089],
      ],
      [['copy', 1668]],
      50,
      ['signatory', 'copy', 'un'],
    ],
    [
      'a tie: the group that comes first in the roster',
      [
        ['a', 30],
        ['b', 30],
      ],
      [],
      50,
      ['a'],
    ],
    ['limit 0: every group', [['un', 1]], [['copy', 2]], 0, ['copy', 'un']],
  ] as const)('%s', (_name, to, cc, limit, expected) => {
    const plan = planDistribution(
      to.flatMap(([g, n]) => members(g, n)),
      cc.flatMap(([g, n]) => members(g, n)),
      limit,
    );
    expect([...plan.summarised.keys()]).toEqual(expected);
    for (const [group, size] of plan.summarised) expect(size).toBe([...to, ...cc].find(([g]) => g === group)?.[1]);
  });
});

const tally: SignatureTally = {
  ...{ rows: 0, valid: 0, invalid: 0, duplicates: 0, unique: 0, invalidByReason: {}, byCountry: {}, bySource: {}, byDay: {}, rejects: [] },
  ...{ declared: [{ source: 'paper forms', count: 1000 }], declaredTotal: 1000, total: 1000, countries: 0, kind: 'person' as const },
};

/** The test petition with a distribution limit of 2 (its roster has 3 addressees) and the roster rewritten. */
function input(options: { limit?: number | null; roster?: (yaml: string) => string; templates?: TemplateSources } = {}): PlanInput {
  const limit = options.limit === null ? '' : `distribution_list_limit: ${options.limit ?? 2}\n`;
  const petition = parsePetition({
    slug: 'test',
    dir: 'petitions/test',
    main: { path: 'petitions/test/petition.md', text: petitionMd.replace('append: [km]\n', `append: [km]\n${limit}`) },
    translations: [{ path: 'petitions/test/petition.km.md', text: petitionKmMd, language: 'km' }],
  });
  expect(petition.problems).toEqual([]);
  const roster = parseRoster((options.roster ?? withSummaries)(rosterYaml), 'recipients/test-roster.yaml');
  expect(roster.problems).toEqual([]);
  const templates = compileTemplates(options.templates ?? repoTemplates());
  return { petition: petition.value!, roster: roster.value!, tally, templates: templates.value! };
}

const UN_GROUP = `  un:
    description: United Nations
    summary:
      en: the Secretary-General of the United Nations ({count})
      km: អគ្គលេខាធិការអង្គការសហប្រជាជាតិ ({count})
`;
const withSummaries = (yaml: string) => yaml.replace('  un: United Nations\n', UN_GROUP);

describe('a distribution list longer than the petition allows', () => {
  const plan = planLetters(input());
  const [sg, minister, copy] = plan.letters;

  it('names the largest group by its summary, in each letter language, with the count in its digits', () => {
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(sg?.document.distribution.to).toEqual(['the Secretary-General of the United Nations (1)', 'His Excellency Jean-Yves Le Drian, Minister of Foreign Affairs, France']);
    expect(copy?.document.distribution.to[0]).toBe('អគ្គលេខាធិការអង្គការសហប្រជាជាតិ (១)');
    expect(sg?.document.distribution.cc).toEqual(['Mr Kem Sokha, President, Cambodia National Rescue Party']);
  });

  it('says in text, HTML and PDF document that the full list is enclosed, and encloses it', () => {
    for (const letter of [sg, minister]) {
      expect(letter?.document.distribution.annex?.note).toBe('All 3 addressees are named in the enclosed distribution list.');
      expect(letter?.text).toContain('All 3 addressees are named in the enclosed distribution list.');
      expect(letter?.html).toContain('All 3 addressees are named in the enclosed distribution list.');
      expect(letter?.text).toContain('To: the Secretary-General of the United Nations (1); His Excellency Jean-Yves Le Drian');
      expect(letter?.attachments.filter((a) => a.kind === 'distribution-pdf')).toEqual([{ filename: 'test.distribution.pdf', kind: 'distribution-pdf' }]);
    }
    expect(copy?.text).toContain('អ្នកទទួលទាំង ៣ រូប');
  });

  it('the annex, once per petition in its language, names everyone', () => {
    expect(plan.distributionAnnex).toEqual({
      title: 'Test petition',
      language: 'en',
      labels: { title: 'Distribution list', to: 'To', cc: 'Copies to' },
      to: ['His Excellency António Guterres, Secretary-General, United Nations', 'His Excellency Jean-Yves Le Drian, Minister of Foreign Affairs, France'],
      cc: ['Mr Kem Sokha, President, Cambodia National Rescue Party'],
    });
  });

  it('a change to a name only the annex shows changes every letter that encloses it', () => {
    const renamed = planLetters(input({ roster: (y) => withSummaries(y).replace('name: António Guterres', 'name: A. Guterres') }));
    expect(renamed.letters[1]?.text).toBe(minister?.text); // the letter's words are the same …
    expect(renamed.letters[1]?.contentHash).not.toBe(minister?.contentHash); // … the list it encloses is not
    expect(renamed.letters[1]?.document.distribution.annex?.sha256).not.toBe(minister?.document.distribution.annex?.sha256);
  });

  it('a group without a summary in a letter language: one problem naming the roster, the line and the field; no letter in that language', () => {
    const without = planLetters(input({ roster: (y) => y.replace('  un: United Nations\n', UN_GROUP.replace(/ {6}km: .*\n/, '')) }));
    expect(without.problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([
      'recipients/test-roster.yaml:8: groups.un.summary.km: the letters in "km" name this group by its summary (there are more addressees than the petition\'s distribution_list_limit), and it has no "km" summary (add groups.un.summary.km, e.g. "the foreign ministers of the {count} signatory states", or raise distribution_list_limit in the petition)',
    ]);
    expect(without.letters.map((l) => l.id)).toEqual(['test/un-sg/en', 'test/fr-minister/en']);
  });
});

describe('a distribution list within the limit', () => {
  it('is the letter as before: every name, no annex, the same content hash as without a limit', () => {
    const unlimited = planLetters(input({ limit: null, roster: (y) => y }));
    const within = planLetters(input({ limit: 3 }));
    expect(within.distributionAnnex).toBeUndefined();
    expect(within.letters.map((l) => l.contentHash)).toEqual(unlimited.letters.map((l) => l.contentHash));
    expect(within.letters.map((l) => l.text)).toEqual(unlimited.letters.map((l) => l.text));
    expect(unlimited.letters[0]?.attachments.map((a) => a.kind)).toEqual(['letter-pdf', 'annex-pdf']);
    expect(unlimited.letters[0]?.text).not.toContain('enclosed distribution list');
  });
});

describe("a campaign's own templates from before lists named groups", () => {
  /** The repository's templates as a campaign copied them before the distribution list's labels and note existed. */
  const older = repoTemplates((sources) => {
    for (const files of Object.values(sources.languages)) {
      files.labels = { ...files.labels!, text: files.labels!.text.replace(/^distribution_(annex|title):.*\n/gm, '') };
      const letter = files['letter.md']!;
      files['letter.md'] = { ...letter, text: letter.text.replace(/\{\{#if document\.distribution\.annex\}\}[\s\S]*?\{\{\/if\}\}\n/, '') };
    }
  });

  it('still serve every letter that names each addressee, as before', () => {
    const plan = planLetters(input({ limit: null, roster: (y) => y, templates: older }));
    const current = planLetters(input({ limit: null, roster: (y) => y }));
    expect(plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(plan.letters.map((l) => l.contentHash)).toEqual(current.letters.map((l) => l.contentHash));
  });

  it('above the limit: each missing label an error naming labels.yaml and the key, and a warning for the silent letter.md', () => {
    const plan = planLetters(input({ templates: older }));
    const errors = plan.problems.filter((p) => p.severity === 'error').map(formatProblem);
    expect(errors).toContain(
      'templates/en/labels.yaml: distribution_title: is missing: the letters name groups instead of every addressee, and enclose the full list (add distribution_title: Distribution list (in en))',
    );
    expect(errors).toContain(
      'templates/en/labels.yaml: distribution_annex: is missing: the letters name groups instead of every addressee, and enclose the full list (add distribution_annex: "All {count} addressees are named in the enclosed distribution list." (in en))',
    );
    expect(plan.letters).toEqual([]);
  });

  it('a letter.md that never prints the note: a warning naming it, the letters still merged', () => {
    const silent = repoTemplates((sources) => {
      const letter = sources.languages.en!['letter.md']!;
      sources.languages.en!['letter.md'] = { ...letter, text: letter.text.replace(/\{\{#if document\.distribution\.annex\}\}[\s\S]*?\{\{\/if\}\}\n/, '') };
    });
    const plan = planLetters(input({ templates: silent }));
    expect(plan.problems.filter((p) => p.severity === 'warning').map(formatProblem)).toContainEqual(
      expect.stringMatching(/letter\.md\.hbs: letter\.md: never prints document\.distribution\.annex\.note/),
    );
    expect(plan.letters.map((l) => l.id)).toEqual(['test/un-sg/en', 'test/fr-minister/en', 'test/kh-copy/km']);
    expect(plan.letters[0]?.text).not.toContain('enclosed distribution list');
  });
});
