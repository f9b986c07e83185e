// Small, valid inputs that tests copy and break one field at a time.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { tempFolder } from './temp.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const rosterYaml = `# yaml-language-server: $schema=./roster.schema.json
id: test-roster
title: Test roster
as_of: "2017-10-01"
sources:
  - invented for tests
groups:
  un: United Nations
  signatory: Foreign ministers
  copy: Copies
states:
  - code: FR
    name: France
  - code: YU
    name: Yugoslavia
    note: dissolved
addressees:
  - id: un-sg
    group: un
    honorific: His Excellency
    name: António Guterres
    title: Secretary-General
    organization: United Nations
    language: en
    salutation:
      en: Dear Secretary-General
      fr: Monsieur le Secrétaire général
    email: sg@example.org
  - id: fr-minister
    group: signatory
    honorific: His Excellency
    name: Jean-Yves Le Drian
    title: Minister of Foreign Affairs
    country: FR
    language: fr
    salutation:
      en: Dear Minister
      fr: Monsieur le Ministre
  - id: kh-copy
    group: copy
    honorific: Mr
    name: Kem Sokha
    title: President, Cambodia National Rescue Party
    country: KH
    language: km
    salutation:
      en: Dear Mr Kem Sokha
      km: ជម្រាបមក លោក កឹម សុខា
`;

export const petitionMd = `---
title: Test petition
subject: Restore the Paris Peace Agreements
language: en
date: "2017-10-23"
place: Vancouver, Canada
anniversary: { date: "10-23", time_zone: Asia/Phnom_Penh }
petitioner:
  name: Test Committee
  address: [Vancouver, Canada]
  email: committee@example.org
roster: test-roster
to: [un, signatory]
cc: [copy]
append: [km]
signatures:
  sources:
    - path: signatures/online.csv
      label: online
      columns: { name: full_name, email: email, country: country, signed_at: signed_at }
  declared:
    - { source: paper forms, count: 10 }
---
We, the undersigned, ask you, {{addressee.name}}, to act.

1. First point.
2. Second point.
`;

export const petitionKmMd = `---
language: km
title: ញត្តិសាកល្បង
subject: ស្ដារកិច្ចព្រមព្រៀងសន្តិភាពទីក្រុងប៉ារីស
---
យើងខ្ញុំសូមស្នើ។
`;

export const signaturesCsv = `full_name,email,country,signed_at
Test Signer 1,one@example.org,Canada,2017-10-01
Test Signer 2,two@example.org,FR,2017-10-02
Test Signer 3,three@example.org,KH,2017-10-02
Test Signer 1 again,ONE@example.org ,CA,2017-10-03
`;

/** A complete project in a temp folder: petitions/, recipients/ and the repo's own templates. */
export function makeProject(overrides: Record<string, string | null> = {}): string {
  const dir = tempFolder('petition-test-');
  const files: Record<string, string | null> = {
    'recipients/test-roster.yaml': rosterYaml,
    'petitions/test/petition.md': petitionMd,
    'petitions/test/petition.km.md': petitionKmMd,
    'petitions/test/signatures/online.csv': signaturesCsv,
    ...overrides,
  };
  mkdirSync(join(dir, 'recipients'), { recursive: true });
  cpSync(join(repoRoot, 'recipients', 'roster.schema.json'), join(dir, 'recipients', 'roster.schema.json'));
  cpSync(join(repoRoot, 'templates'), join(dir, 'templates'), { recursive: true, filter: (src) => !src.includes('fonts') });
  for (const [path, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A roster checked today: `send` refuses the fixture's 2017 roster as too old to be trusted. */
export const checkedToday = (yaml: string): string => yaml.replace('as_of: "2017-10-01"', `as_of: "${new Date().toISOString().slice(0, 10)}"`);
