import { CommanderError } from 'commander';

/** commander ends --help and --version by throwing; they are not failures (help shown because no command was given is). */
export function isHelpOrVersion(err: unknown): boolean {
  return err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version');
}
