import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { parseRoster, uncoveredStates } from '../../src/core/roster.js';
import { rosterYaml } from '../support/fixtures.js';

const parse = (text: string) => parseRoster(text, 'recipients/test.yaml');
const errors = (text: string) =>
  parse(text)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

describe('parseRoster', () => {
  it('reads a valid roster with lines for every addressee', () => {
    const { value, problems } = parse(rosterYaml);
    expect(problems).toEqual([]);
    expect(value?.addressees.map((a) => a.id)).toEqual(['un-sg', 'fr-minister', 'kh-copy']);
    expect(value?.addressees[0]?.name).toBe('António Guterres');
    expect(value?.addressees[1]?.source.line).toBe(29);
  });

  it('reports the state without an addressee instead of dropping it', () => {
    const roster = parse(rosterYaml).value!;
    expect(uncoveredStates(roster).map((s) => s.code)).toEqual(['YU']);
  });

  it('a successor state covers its predecessor', () => {
    const text = rosterYaml.replace('  - code: FR\n    name: France', '  - code: SU\n    name: USSR\n    successor: FR');
    expect(uncoveredStates(parse(text).value!).map((s) => s.code)).toEqual(['YU']);
  });

  // Each row breaks one thing; the error must name file, line and field.
  it.each([
    ['malformed YAML', rosterYaml.replace('  un: United Nations', '  un: [United Nations'), /^recipients\/test\.yaml:\d+:\d+: malformed YAML/],
    ['missing required field', rosterYaml.replace('    title: Secretary-General\n', ''), /^recipients\/test\.yaml:18: addressees\.un-sg\.title: is missing \(add "title:"\)/],
    [
      'unknown field, with a suggestion',
      rosterYaml.replace('    email: sg@example.org', '    emial: sg@example.org'),
      /^recipients\/test\.yaml:28: addressees\.un-sg\.emial: is not a known field \(did you mean "email"\?\)/,
    ],
    ['duplicate id', rosterYaml.replace('id: fr-minister', 'id: un-sg'), /^recipients\/test\.yaml:29: addressees\.un-sg\.id: duplicate id "un-sg" \(first used at line 18\)/],
    ['email that is not an address', rosterYaml.replace('sg@example.org', 'sg-at-example.org'), /:28: addressees\.un-sg\.email: "sg-at-example\.org" is not an email address/],
    ['line break in a name', rosterYaml.replace('name: António Guterres', 'name: "António\\r\\nBcc: x@example.org"'), /:21: addressees\.un-sg\.name: contains a line break/],
    ['line break in an email', rosterYaml.replace('email: sg@example.org', 'email: "sg@example.org\\nBcc: x@example.org"'), /:28: addressees\.un-sg\.email: contains a line break/],
    ['unknown group', rosterYaml.replace('group: signatory', 'group: signatories'), /:30: addressees\.fr-minister\.group: unknown group "signatories" \(known groups: un, signatory, copy\)/],
    ['country code that does not exist', rosterYaml.replace('country: FR\n    language', 'country: XQ\n    language'), /:34: addressees\.fr-minister\.country: "XQ" is not an ISO 3166 country code/],
    ['lower-case country', rosterYaml.replace('country: FR\n    language', 'country: fr\n    language'), /:34: addressees\.fr-minister\.country: "fr" has the wrong form \(a two-letter ISO 3166 code/],
    ['no salutation in the own language', rosterYaml.replace('      km: ជម្រាបមក លោក កឹម សុខា\n', ''), /addressees\.kh-copy\.salutation: has no "km" entry/],
    ['neither organization nor country', rosterYaml.replace('    organization: United Nations\n', ''), /addressees\.un-sg: needs one of: organization, country/],
    ['date that does not exist', rosterYaml.replace('as_of: "2017-10-01"', 'as_of: "2017-02-30"'), /:4: as_of: "2017-02-30" is not a real date/],
  ])('%s', (_name, text, expected) => {
    const found = errors(text);
    expect(
      found.some((line) => expected.test(line)),
      found.join('\n'),
    ).toBe(true);
  });

  it('reports every problem at once', () => {
    const text = rosterYaml.replace('sg@example.org', 'bad').replace('group: signatory', 'group: nope').replace('id: kh-copy', 'id: un-sg');
    expect(errors(text)).toHaveLength(3);
  });
});
