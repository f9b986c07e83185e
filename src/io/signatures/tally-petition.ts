import type { Petition, Problem, SignatureTally } from '../../core/types.js';
import { displayPath } from '../display-path.js';
import { tallySources, type TallySourcesOptions } from './index.js';

/** The petition's signature tally: every source streamed, one dedup set across them, declared tallies added. */
export async function tallyPetition(petition: Petition, cwd: string, options: TallySourcesOptions = {}): Promise<{ tally: SignatureTally; problems: Problem[] }> {
  return tallySources(petition.dir, petition.signatures.sources, petition.signatures.declared, { shownAs: (file) => displayPath(file, cwd), ...options });
}
