import type { Problem } from './types.js';

/** Exit codes are part of the interface: CI jobs read them. See README "Exit codes". */
export const ExitCode = {
  ok: 0,
  deliveryFailed: 1,
  badInput: 2,
  refused: 3,
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every error we expect carries its exit code; the one top-level handler (ui/report-error.ts) prints it and exits with
 * that code. Anything else that reaches the handler is our own bug: exit 70.
 */
export abstract class PetitionError extends Error {
  abstract readonly exitCode: ExitCodeValue;
}

/** Bad input or usage: every problem found, reported at once. */
export class InputError extends PetitionError {
  readonly exitCode = ExitCode.badInput;
  /**
   * `wrote`: files this run did write before it stopped (e.g. `count --strict`'s rejects file), so the message says
   * what was written instead of "nothing was written".
   */
  constructor(
    readonly problems: Problem[],
    message = `${problems.length} problem(s) in the input`,
    readonly wrote: readonly string[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** A guard said no: not confirmed, outside the send window. */
export class RefusedError extends PetitionError {
  readonly exitCode = ExitCode.refused;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Some deliveries failed; the report says which. */
export class DeliveryError extends PetitionError {
  readonly exitCode = ExitCode.deliveryFailed;
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function problem(file: string, line: number | undefined, field: string | undefined, message: string, hint?: string, severity: Problem['severity'] = 'error'): Problem {
  return { severity, file, line, field, message, hint };
}

/** `path:line:col: field: what is wrong (hint)` — one line per problem. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
  const field = p.field ? `${p.field}: ` : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${where}: ${field}${p.message}${hint}`.replace(/[\r\n]+/g, ' ');
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');
