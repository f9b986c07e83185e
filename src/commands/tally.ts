import type { Petition, Problem, SignatureTally } from '../core/types.js';
import { displayPath } from '../io/project.js';
import { tallySources, type TallySourcesOptions } from '../io/signatures/index.js';

/** The petition's signature tally: every source streamed, one dedup set across them, declared tallies added. */
export async function tallyPetition(petition: Petition, cwd: string, options: TallySourcesOptions = {}): Promise<{ tally: SignatureTally; problems: Problem[] }> {
  const result = await tallySources(petition.dir, petition.signatures.sources, petition.signatures.declared, options);
  return { tally: result.tally, problems: result.problems.map((p) => ({ ...p, file: displayPath(p.file, cwd) })) };
}
