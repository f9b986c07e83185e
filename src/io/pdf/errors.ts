import { ExitCode, PetitionError } from '../../core/errors.js';

/** Input the PDF renderer cannot use: a missing font, an empty body. The message starts with the file it is about. */
export class PdfInputError extends PetitionError {
  readonly exitCode = ExitCode.badInput;
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${detail}${hint ? ` (${hint})` : ''}`);
    this.name = 'PdfInputError';
  }
}
