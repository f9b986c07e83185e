// What `petition init` writes: the texts of the package's scaffold/ folder with this campaign's values filled in.
// Pure: the texts, today's date and the package's version are passed in.
import { parseYaml } from './yaml-source.js';

/** The scaffold's texts, as read from the package. */
export interface ScaffoldTexts {
  petition: string;
  placeholderRoster: string;
  rosterSchema: string;
  signaturesCsv: string;
  signaturesReadme: string;
  gitignore: string;
  workflow: string;
}

/** A roster shipped with the package (`--roster-from <id>`), copied as it is. */
export interface BundledRoster {
  id: string;
  text: string;
}

export interface ScaffoldSettings {
  slug: string;
  /** YYYY-MM-DD: the petition's date, the placeholder roster's as_of and verified_on. */
  today: string;
  /** What the scheduled workflow installs, e.g. `petition@0.1.0`. */
  packageSpec: string;
  bundledRoster?: BundledRoster | undefined;
}

/** A file to write, its path relative to the campaign folder with `/` between segments. */
export interface ScaffoldFile {
  path: string;
  text: string;
}

/** The group ids and as_of of a roster text (a bundled one: its values are the package's own). */
export function rosterOutline(text: string): { groups: string[]; asOf: string | undefined } {
  const data = parseYaml(text, 'roster').source?.data as { groups?: unknown; as_of?: unknown } | undefined;
  const groups = data && typeof data.groups === 'object' && data.groups !== null ? Object.keys(data.groups) : [];
  return { groups, asOf: typeof data?.as_of === 'string' ? data.as_of : undefined };
}

export interface Scaffold {
  /** Every file of the new campaign, in the order they are written. */
  files: ScaffoldFile[];
  /** The one of them that is the petition's roster. */
  roster: ScaffoldFile;
}

export function scaffoldFiles(texts: ScaffoldTexts, settings: ScaffoldSettings): Scaffold {
  const { slug, today, bundledRoster } = settings;
  const rosterId = bundledRoster?.id ?? slug;
  const rosterText = bundledRoster?.text ?? fill(texts.placeholderRoster, { ROSTER: rosterId, TODAY: today });
  const groups = rosterOutline(rosterText).groups;
  if (groups.length === 0) throw new Error(`roster ${rosterId} has no groups for the petition's to`);
  // The placeholder roster's own split; a bundled roster's groups all go in `to`, for the user to move to `cc`.
  const [to, cc] = bundledRoster ? [groups, []] : [['minister'], ['copy']];
  const petition = fill(texts.petition, {
    TODAY: today,
    MONTH_DAY: today.slice(5),
    ROSTER: rosterId,
    GROUPS: groups.join(', '),
    TO: flowList(to),
    CC: flowList(cc),
  });
  const dir = `petitions/${slug}`;
  const roster = { path: `recipients/${rosterId}.yaml`, text: rosterText };
  const files = [
    { path: `${dir}/petition.md`, text: petition },
    { path: `${dir}/signatures/online.csv`, text: texts.signaturesCsv },
    { path: `${dir}/signatures/README.md`, text: texts.signaturesReadme },
    roster,
    { path: 'recipients/roster.schema.json', text: texts.rosterSchema },
    { path: '.gitignore', text: texts.gitignore },
    { path: '.github/workflows/send-on-anniversary.yml', text: fill(texts.workflow, { VERSION: settings.packageSpec.replace(/^.*@/, ''), PACKAGE_SPEC: settings.packageSpec }) },
  ];
  return { files, roster };
}

const flowList = (items: readonly string[]): string => `[${items.join(', ')}]`;

/** Replaces each `@@NAME@@` with its value; a name without one is our bug, never silently left in a file. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/@@([A-Z_]+)@@/g, (_token, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`scaffold token @@${name}@@ has no value`);
    return value;
  });
}
