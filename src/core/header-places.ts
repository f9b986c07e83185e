// The checks `send` makes on a letter's headers, run when letters are planned and reported at the input that caused
// them, so that `validate` refuses what `send` would refuse.
import { headerProblems } from './delivery/headers.js';
import type { Addressee, Letter, Petition, Problem } from './types.js';

export interface LetterSources {
  petition: Petition;
  addressee: Addressee;
  /** The subject template of the letter's language. */
  subjectFile: string;
}

/** Header problems of an email letter, each at the petition, roster or template line it comes from. */
export function letterHeaderProblems(letter: Letter, sources: LetterSources): Problem[] {
  if (letter.channel !== 'email') return [];
  return headerProblems(letter).map((p) => {
    const place = placeOf(p.field ?? '', sources);
    return { ...p, ...place, hint: place.hint ?? p.hint };
  });
}

function placeOf(field: string, { petition, addressee, subjectFile }: LetterSources): Pick<Problem, 'file' | 'line' | 'field' | 'hint'> {
  const lines = petition.fieldLines;
  const inPetition = (key: string, hint?: string) => ({ file: petition.file, line: lines[`petitioner.${key}`] ?? lines.petitioner, field: `petitioner.${key}`, hint });
  const inRoster = (key: string, hint?: string) => ({ file: addressee.source.file, line: addressee.source.line, field: `addressees.${addressee.id}.${key}`, hint });
  if (field === 'from') return inPetition('email', "an email letter needs a sender: add petitioner.email, or leave out the addressees' emails for print letters");
  if (field.startsWith('from.')) return inPetition(field === 'from.name' ? 'name' : 'email');
  if (field.startsWith('replyTo.')) return inPetition(field === 'replyTo.name' ? 'name' : 'reply_to');
  if (field === 'to' || field.startsWith('to[')) return inRoster(field.endsWith('.name') ? 'name' : 'email');
  if (field === 'id') return inRoster('id');
  if (field === 'subject') return { file: subjectFile, line: 1, field: 'subject' };
  if (field.startsWith('attachments')) return { file: petition.file, line: lines.attachments, field: 'attachments' };
  return { file: petition.file, line: undefined, field };
}
