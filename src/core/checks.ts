import { problem } from './errors.js';
import { stateLabel, uncoveredStates } from './roster.js';
import type { Petition, Problem, Roster, SignatureTally } from './types.js';

const DAY_MS = 86_400_000;

/** Cross-checks that need both a petition and its roster: stale officeholders, states nobody speaks for. */
export function campaignWarnings(petition: Petition, roster: Roster, tally: SignatureTally | undefined): Problem[] {
  const out: Problem[] = [];
  const days = (Date.parse(`${petition.date}T00:00:00Z`) - Date.parse(`${roster.as_of}T00:00:00Z`)) / DAY_MS;
  if (days > 183) {
    const years = Math.floor(days / 365.25);
    const span = years >= 1 ? `${years} year${years === 1 ? '' : 's'}` : `${Math.round(days / 30.44)} months`;
    out.push(
      problem(
        petition.file,
        petition.fieldLines.roster,
        'roster',
        `roster ${roster.id} is as of ${roster.as_of}, ${span} before this petition (${petition.date}): officeholders may have changed`,
        'check every addressee, then update as_of, or use a newer roster',
        'warning',
      ),
    );
  }
  for (const state of uncoveredStates(roster))
    out.push(
      problem(
        roster.file,
        state.line,
        `states.${state.code}`,
        `${stateLabel(state)} has no addressee: no letter goes to this state`,
        state.note ? `roster note: ${state.note}` : 'add an addressee with this country, or note why there is none',
        'warning',
      ),
    );
  if (tally && tally.invalid > 0) {
    const reasons = Object.entries(tally.invalidByReason)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    out.push(
      problem(
        petition.file,
        petition.fieldLines.signatures,
        'signatures',
        `${tally.invalid} of ${tally.rows} signature rows rejected (${reasons}); they are not counted`,
        'see which rows with `petition count --show-rejects`',
        'warning',
      ),
    );
  }
  if (tally && tally.total === 0 && petition.signatures.sources.length + petition.signatures.declared.length > 0)
    out.push(problem(petition.file, petition.fieldLines.signatures, 'signatures', 'no valid signatures were counted', 'run `petition count` to see why rows were rejected', 'warning'));
  return out;
}
