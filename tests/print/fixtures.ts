// A roster of made-up people at made-up addresses (example streets, example.org), for print packs: no real person's
// address is ever guessed. A copy of the test petition is addressed to them.
import { petitionMd, rosterYaml } from '../support/fixtures.js';

export const printRosterYaml = `# yaml-language-server: $schema=./roster.schema.json
id: test-roster
title: Test roster with made-up postal addresses
as_of: "2017-10-01"
sources:
  - invented for tests
groups:
  un: Made-up organisation
  signatory: Made-up ministers
  copy: Copies
states:
  - code: FR
    name: France
addressees:
  - id: ada-example
    group: un
    honorific: Ms
    name: Ada Example
    title: Example Officer
    organization: Example Organisation
    language: en
    salutation:
      en: Dear Ms Example
    postal_address:
      lines: [1 Example Street, Exampletown EX1 2AB]
      country: GB
    source: https://example.org/made-up-addresses
  - id: bruno-exemple
    group: signatory
    honorific: Mr
    name: Bruno Exemple
    title: Ministre fictif
    country: FR
    language: fr
    salutation:
      en: Dear Minister
      fr: Monsieur le Ministre
    postal_address:
      lines: [2 rue de l'Exemple, 75000 Exempleville]
      country: FR
    source: https://example.org/made-up-addresses
  - id: no-address
    group: signatory
    honorific: Ms
    name: Clara Nowhere
    title: Minister without an address
    country: FR
    language: en
    salutation:
      en: Dear Minister
  - id: sok-sample
    group: copy
    honorific: Mr
    name: Sok Sample
    title: ប្រធានគំរូ
    country: KH
    language: km
    salutation:
      en: Dear Mr Sample
      km: ជម្រាបមក លោក សុខ
    postal_address:
      lines: [ផ្ទះលេខ ១ ផ្លូវគំរូ, ភ្នំពេញ]
      country: KH
    source: https://example.org/made-up-addresses
`;

/** The fixture roster's real officeholders are left alone: this petition goes to the made-up people above. */
export const printPetitionMd = petitionMd;

/** The same made-up roster with one addressee's postal lines replaced (YAML flow list). */
export const withLines = (id: string, lines: string): string => {
  const start = printRosterYaml.indexOf(`  - id: ${id}\n`);
  const at = printRosterYaml.indexOf('      lines: [', start);
  const end = printRosterYaml.indexOf('\n', at);
  return `${printRosterYaml.slice(0, at)}      lines: [${lines}]${printRosterYaml.slice(end)}`;
};

export { rosterYaml };
