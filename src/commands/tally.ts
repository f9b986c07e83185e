import type { Petition, Problem, SignatureTally } from '../core/types.js';
import { tallySources } from '../io/signatures/index.js';

/** The petition's signature tally: every source streamed, one dedup set across them, declared tallies added. */
export async function tallyPetition(petition: Petition, _cwd: string): Promise<{ tally: SignatureTally; problems: Problem[] }> {
  return tallySources(petition.dir, petition.signatures.sources, petition.signatures.declared);
}
