import { CommanderError } from 'commander';
import { DeliveryError, ExitCode, InputError, PetitionError, RefusedError } from '../core/errors.js';
import { isHelpOrVersion } from './help-or-version.js';
import { createTerminal, printProblems } from './terminal.js';

/** The one place errors become output and exit codes (see README "Exit codes"). */
export function reportError(err: unknown, options: { verbose: boolean; color?: boolean | undefined }): number {
  const term = createTerminal({ color: options.color === false ? false : undefined });
  if (err instanceof CommanderError) {
    // commander already printed its message; help shown because no command was given is a usage error.
    if (isHelpOrVersion(err)) return ExitCode.ok;
    if (err.code === 'petition.invalidArgument') term.err(`error: ${err.message}`);
    return ExitCode.badInput;
  }
  if (err instanceof InputError) {
    printProblems(term, err.problems);
    const errors = err.problems.filter((p) => p.severity === 'error').length;
    const outcome = err.wrote.length > 0 ? `wrote only ${err.wrote.join(', ')}; nothing was sent` : 'nothing was sent or written';
    term.err(term.paint.red(`${errors} error(s): ${outcome}`));
    return ExitCode.badInput;
  }
  if (err instanceof RefusedError) {
    term.err(term.paint.yellow(`refused: ${err.message}${err.hint ? ` (${err.hint})` : ''}`));
    return ExitCode.refused;
  }
  if (err instanceof DeliveryError) {
    term.err(term.paint.red(err.message));
    return ExitCode.deliveryFailed;
  }
  // Adapters' own errors (a missing font, an unreadable attachment) carry their exit code and a one-line message.
  if (err instanceof PetitionError) {
    term.err(term.paint.red(`error: ${err.message}`));
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  term.err(term.paint.red(`internal error: ${e.message}`) + (options.verbose ? `\n${e.stack ?? ''}` : ' (run with --verbose for the stack trace)'));
  return ExitCode.internal;
}
