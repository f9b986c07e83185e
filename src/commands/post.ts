import { resolve } from 'node:path';
import { namedLetters } from '../core/campaign.js';
import { ambiguousIds, planPosting, planReturn, postFactProblems, type PostPlan, type PostedLetter } from '../core/delivery/post.js';
import type { LedgerState, PostEvent } from '../core/delivery/ledger.js';
import { hasErrors, InputError } from '../core/errors.js';
import { postJson } from '../core/json.js';
import type { Problem } from '../core/types.js';
import { archivedLetters } from '../io/archive/manifest.js';
import { checkOutFolder } from '../io/archive/out-folder.js';
import { loadCampaign } from '../io/campaign.js';
import { shownLedger } from '../io/ledger/journal.js';
import { recordPostEvents } from '../io/ledger/post.js';
import { displayPath } from '../io/project.js';
import { createTerminal } from '../ui/terminal.js';

interface PostCommonOptions {
  cwd: string;
  out: string;
  petition: string[];
  roster?: string | undefined;
  /** Letter ids or addressee ids, as approve's --only takes them. */
  letters: string[];
  on?: string | undefined;
  json: boolean;
  color?: boolean | undefined;
}

export interface PostedOptions extends PostCommonOptions {
  tracking?: string | undefined;
  service?: string | undefined;
  again: boolean;
}

export interface ReturnedOptions extends PostCommonOptions {
  reason?: string | undefined;
}

/** `petition posted`: records that print letters went in the post (a `posted` record each, in the ledger). */
export async function runPosted(options: PostedOptions): Promise<number> {
  const facts = { on: options.on, tracking: options.tracking, service: options.service, again: options.again };
  return record('posted', options, postFactProblems(facts, today()), (letters, context) => planPosting(letters, facts, context));
}

/** `petition returned`: records that posted letters came back (a `returned` record each). */
export async function runReturned(options: ReturnedOptions): Promise<number> {
  const facts = { on: options.on, reason: options.reason };
  return record('returned', options, postFactProblems(facts, today()), (letters, context) => planReturn(letters, facts, context));
}

type Planner = (letters: readonly PostedLetter[], context: Parameters<typeof planPosting>[2]) => PostPlan;

async function record(event: PostEvent, options: PostCommonOptions, factProblems: Problem[], planner: Planner): Promise<number> {
  const term = createTerminal({ color: options.color, json: options.json });
  const out = resolve(options.cwd, options.out);
  const shown = displayPath(out, options.cwd);
  await checkOutFolder(out, shown, 'write');
  const { letters, problems } = await chosenLetters(options);
  const archived = new Map((await archivedLetters(out, shown, (w) => term.err(term.paint.yellow(`warning: ${w}`)))).map((a) => [a.id, a.contentHash]));
  const context = { archived, today: today(), now: new Date().toISOString() };
  const plan = await recordPostEvents(out, shown, [...factProblems, ...problems], (state: LedgerState) => planner(letters, { ...context, state }));
  for (const w of plan.warnings) term.err(term.paint.yellow(`warning: ${w}`));
  const ledger = shownLedger(shown);
  if (options.json) term.json(postJson(event, ledger, plan.records, plan.already, plan.warnings));
  else term.out(summary(event, ledger, plan));
  return 0;
}

/** The letters named, from the campaign as it is today; an id naming none is a problem said with the others. */
async function chosenLetters(options: PostCommonOptions): Promise<{ letters: PostedLetter[]; problems: Problem[] }> {
  const campaign = await loadCampaign({ cwd: options.cwd, petitions: options.petition, roster: options.roster });
  // Its warnings (a roster's age, a state without addressee) are about sending, not about what was posted.
  if (hasErrors(campaign.problems)) throw new InputError(campaign.problems);
  const { chosen, problems } = namedLetters(campaign.plans, options.letters, 'letter');
  const letters = chosen.flatMap((c) => c.letters);
  return { letters, problems: [...problems, ...ambiguousIds(options.letters, letters)] };
}

function summary(event: PostEvent, ledger: string, plan: PostPlan): string {
  const lines = plan.records.map((r) => {
    const facts = [r.post?.tracking && `tracking ${r.post.tracking}`, r.post?.service, r.reason && `reason: ${r.reason}`].filter(Boolean).join(', ');
    return `${ledger}: ${r.letter}: ${event} on ${r.post?.on ?? ''}${facts ? ` (${facts})` : ''}`;
  });
  for (const id of plan.already) lines.push(`${id}: already recorded as ${event}: nothing added`);
  return lines.join('\n');
}

/** Today on this machine's calendar: the day a person at it would say they posted the letter. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
