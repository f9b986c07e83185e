import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { archiveNameProblems } from '../core/archive-names.js';
import { campaignWarnings } from '../core/checks.js';
import { imageRefs } from '../core/markdown-refs.js';
import { problem } from '../core/errors.js';
import { plannedAddressees, reminderPlans, type Campaign, type PetitionPlan } from '../core/campaign.js';
import { parsePetition } from '../core/petition.js';
import { planLetters } from '../core/plan.js';
import { parseRoster, uncoveredStates } from '../core/roster.js';
import { staleRosterWarnings } from '../core/roster-age.js';
import { placeholderWarnings } from '../core/placeholders.js';
import { compileTemplates } from '../core/templates.js';
import { templateTextProblems } from '../core/text-fields.js';
import type { Petition, Problem, Roster } from '../core/types.js';
import { displayPath, projectPaths, readPetitionFiles, readTemplateSources, readTextFile, resolvePetitionDirs, type ProjectPaths } from './project.js';
import { tallyPetition } from './signatures/tally-petition.js';

export { plannedAddressees, type Campaign, type PetitionPlan } from '../core/campaign.js';

export interface CampaignOptions {
  cwd: string;
  petitions: readonly string[];
  roster?: string | undefined;
  only?: readonly string[] | undefined;
  /** Keep the names of the first N unique signers of each petition, for the annex (0: none). */
  signerNames?: number | undefined;
  /** YYYY-MM-DD against which the roster's age is judged; today (UTC) by default. */
  today?: string | undefined;
  /** Also merge each email letter's reminder (PetitionPlan.followUps). */
  followUps?: boolean | undefined;
}

/** Today's date (UTC), the day a roster's age is judged on. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** Loads, validates, counts and merges everything: the shared first half of validate, preview, render and send. */
export async function loadCampaign(options: CampaignOptions): Promise<Campaign> {
  const { cwd } = options;
  const paths = projectPaths(cwd);
  const problems: Problem[] = [];

  const templateSources = readTemplateSources(paths.templatesDir, cwd);
  problems.push(...templateSources.problems, ...templateTextProblems(templateSources.sources));
  const compiled = compileTemplates(templateSources.sources);
  problems.push(...compiled.problems);

  const rosters = new Map<string, Roster | undefined>();
  const loadRoster = (file: string): Roster | undefined => {
    if (rosters.has(file)) return rosters.get(file);
    // One read: the hash the archive records is of the very bytes the letters were planned from.
    const read = readTextFile(file, cwd, problems);
    const parsed = read ? parseRoster(read.text, displayPath(file, cwd)) : undefined;
    if (parsed) problems.push(...parsed.problems);
    const roster = parsed?.value && read && { ...parsed.value, sha256: createHash('sha256').update(read.bytes).digest('hex') };
    rosters.set(file, roster);
    return roster;
  };

  const { dirs, problems: dirProblems } = resolvePetitionDirs(paths, options.petitions, cwd);
  problems.push(...dirProblems);
  const plans: PetitionPlan[] = [];
  for (const dir of dirs) {
    const read = readPetitionFiles(dir, cwd);
    problems.push(...read.problems);
    if (!read.files) continue;
    const parsed = parsePetition(read.files);
    problems.push(...parsed.problems);
    const petition = parsed.value;
    if (!petition) continue;
    problems.push(...checkPetitionFiles(petition));

    // Absolute, or relative to the project folder (-C), like every other path on the command line.
    const rosterFile = options.roster ? resolve(cwd, options.roster) : join(paths.recipientsDir, `${petition.roster}.yaml`);
    const roster = petition.roster || options.roster ? loadRoster(rosterFile) : undefined;
    const signerNames: string[] = [];
    const cap = options.signerNames ?? 0;
    const keepName = (name: string): void => {
      if (signerNames.length < cap) signerNames.push(name);
    };
    const counted = await tallyPetition(petition, cwd, { onSigner: cap > 0 ? keepName : undefined });
    problems.push(...counted.problems);
    if (!roster || !compiled.value) continue;
    if (roster.id !== petition.roster && !options.roster)
      problems.push(problem(petition.file, undefined, 'roster', `names roster "${petition.roster}" but ${roster.file} has id "${roster.id}"`, 'make the file name and the id agree'));

    const plan = planLetters({ petition, roster, tally: counted.tally, templates: compiled.value, only: options.only, enclosures: await enclosures(petition), followUps: options.followUps });
    problems.push(...plan.problems, ...campaignWarnings(petition, roster, counted.tally));
    const planned: PetitionPlan = {
      petition,
      roster,
      tally: counted.tally,
      letters: plan.letters,
      uncoveredStates: uncoveredStates(roster),
      signerNames,
      annexLabels: plan.annexLabels,
      distributionAnnex: plan.distributionAnnex,
      ...(plan.followUps ? { followUps: plan.followUps } : {}),
    };
    problems.push(...staleRosterWarnings(roster, plannedAddressees(planned), options.today ?? todayUtc()), ...placeholderWarnings(roster, plannedAddressees(planned)));
    plans.push(planned);
  }
  problems.push(...archiveNameCheck(paths, dirs, plans, cwd));
  return { plans, templates: compiled.value, problems: dedupe(problems) };
}

/** Petitions of this run against every folder under petitions/ (a later run may write those into the same archive),
 *  and the letters of this run, must each have their own archive names. */
function archiveNameCheck(paths: ProjectPaths, selected: readonly string[], plans: readonly PetitionPlan[], cwd: string): Problem[] {
  const planned = selected.map((dir) => resolve(dir));
  const others = resolvePetitionDirs(paths, [], cwd).dirs.filter((dir) => !planned.includes(resolve(dir)));
  const petition = (dir: string, isPlanned: boolean) => ({ slug: basename(dir), file: displayPath(join(dir, 'petition.md'), cwd), planned: isPlanned });
  const letters = plans.flatMap((plan) => {
    const lines = new Map(plan.roster.addressees.map((a) => [a.id, a.source.line]));
    return plan.letters.map((l) => ({ petition: plan.petition.slug, addresseeId: l.addresseeId, language: l.language, file: plan.roster.file, line: lines.get(l.addresseeId) }));
  });
  return archiveNameProblems([...planned.map((d) => petition(d, true)), ...others.map((d) => petition(d, false))], letters);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.severity, p.file, p.line, p.field, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Files a petition names — images in its text, attachments — must be there, inside its folder, before anything is sent. */
function checkPetitionFiles(petition: Petition): Problem[] {
  const out: Problem[] = [];
  const inside = (path: string) => {
    const full = resolve(petition.dir, path);
    const rel = relative(petition.dir, full);
    return rel.startsWith('..') || rel === '' ? undefined : full;
  };
  for (const text of [petition, ...petition.translations]) {
    for (const ref of imageRefs(text.body)) {
      const line = text.bodyLine + ref.line - 1;
      const bad = (message: string, hint: string) => out.push(problem(text.file, line, 'body', message, hint));
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref.href)) bad(`image "${ref.href}" is not a local file`, 'nothing is fetched from the network: put the image beside petition.md');
      else if (!/\.(png|jpe?g)$/i.test(ref.href)) bad(`image "${ref.href}" is not a PNG or JPEG`, 'convert it to .png or .jpg');
      else {
        const full = inside(decodeURI(ref.href));
        if (!full) bad(`image "${ref.href}" is outside the petition folder`, 'keep images beside petition.md');
        else if (!existsSync(full) || !statSync(full).isFile()) bad(`image "${ref.href}" not found`, `looked for it in ${petition.slug}/`);
      }
    }
  }
  petition.attachments.forEach((a, i) => {
    const full = inside(a.path);
    if (!full || !existsSync(full) || !statSync(full).isFile())
      out.push(problem(petition.file, petition.fieldLines.attachments, `attachments.${i}.path`, `"${a.path}" not found in the petition folder`, 'give a path relative to petition.md'));
  });
  return out;
}

/**
 * Every file inside the petition's folder that its letters enclose or are made from — attachments, images its texts
 * show, signature exports — with the sha256 of its bytes, sorted by path. A file that cannot be read is left out:
 * checkPetitionFiles and the tally report it.
 */
async function enclosures(petition: Petition): Promise<{ path: string; sha256: string }[]> {
  const images = [petition, ...petition.translations].flatMap((t) => imageRefs(t.body).map((r) => r.href)).filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href));
  const paths = [...new Set([...petition.attachments.map((a) => a.path), ...images.map(safeDecode), ...petition.signatures.sources.map((s) => s.path)])].sort();
  const hashed = await Promise.all(
    paths.map(async (path) => {
      const full = resolve(petition.dir, path);
      if (relative(petition.dir, full).startsWith('..')) return undefined;
      return fileSha256(full).then(
        (sha256) => ({ path, sha256 }),
        () => undefined,
      );
    }),
  );
  return hashed.filter((e) => e !== undefined);
}

/** Streamed: a signature export may be gigabytes. */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const safeDecode = (href: string): string => {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
};

/** The campaign's letters, or with `followUp` their reminders in their place (approve, approvals, review). */
export async function loadPlans(options: {
  cwd: string;
  petition: readonly string[];
  roster?: string | undefined;
  signerNames?: number | undefined;
  followUp?: boolean | undefined;
}): Promise<Campaign> {
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition, roster: options.roster, signerNames: options.signerNames, followUps: options.followUp });
  if (!options.followUp) return campaign;
  const reminders = reminderPlans(campaign.plans);
  return { ...campaign, plans: reminders.plans, problems: [...campaign.problems, ...reminders.problems] };
}
