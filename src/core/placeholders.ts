// `petition init` writes a roster of fictional stand-ins so that a fresh campaign validates at once. Each carries
// `placeholder: true`, so that it is never mistaken for a real addressee: validate and preview warn about it, and
// send refuses it (a test send with --test-to goes to the tester, not to the placeholder, and is let through).
import { problem } from './errors.js';
import type { Addressee, Problem, Roster } from './types.js';

export const placeholderAddressees = (addressees: readonly Addressee[]): Addressee[] => addressees.filter((a) => a.placeholder === true);

/** One warning per placeholder addressee of those given, at its line in the roster. */
export function placeholderWarnings(roster: Roster, addressees: readonly Addressee[]): Problem[] {
  return placeholderAddressees(addressees).map((a) =>
    problem(
      roster.file,
      a.source.line,
      `addressees.${a.id}`,
      'is a placeholder, not a real addressee: send refuses it',
      'replace it with a real addressee you have checked, and delete "placeholder: true"',
      'warning',
    ),
  );
}

/** Why `send` must refuse these addressees, or undefined when none is a placeholder. */
export function placeholderRefusal(roster: Roster, addressees: readonly Addressee[]): { message: string; hint: string } | undefined {
  const placeholders = placeholderAddressees(addressees);
  if (placeholders.length === 0) return undefined;
  const ids =
    placeholders
      .slice(0, 3)
      .map((a) => a.id)
      .join(', ') + (placeholders.length > 3 ? `, … (${placeholders.length - 3} more)` : '');
  return {
    message: `roster ${roster.id} (${roster.file}) still holds ${placeholders.length} placeholder addressee(s): ${ids}`,
    hint: `replace them with real addressees you have checked and delete "placeholder: true"; a test send with --test-to is allowed`,
  };
}
