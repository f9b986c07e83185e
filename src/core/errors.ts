import type { Problem } from './types.js';

/** Exit codes are part of the interface: CI jobs read them. See README "Exit codes". */
export const ExitCode = {
  ok: 0,
  deliveryFailed: 1,
  badInput: 2,
  refused: 3,
  internal: 70,
} as const;

/** Bad input or usage: every problem found, reported at once. */
export class InputError extends Error {
  readonly exitCode = ExitCode.badInput;
  constructor(readonly problems: Problem[], message = `${problems.length} problem(s) in the input`) {
    super(message);
    this.name = 'InputError';
  }
}

/** A guard said no: not confirmed, outside the send window. */
export class RefusedError extends Error {
  readonly exitCode = ExitCode.refused;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Some deliveries failed; the report says which. */
export class DeliveryError extends Error {
  readonly exitCode = ExitCode.deliveryFailed;
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function problem(
  file: string,
  line: number | undefined,
  field: string | undefined,
  message: string,
  hint?: string,
  severity: Problem['severity'] = 'error',
): Problem {
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
