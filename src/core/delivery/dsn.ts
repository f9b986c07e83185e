// Proof of delivery (RFC 3461 DSN) and the VERP return path: the ids a message carries so that a bounce names its
// letter. Pure and computed from the letter id alone, so that `send` (which puts them on the wire) and whatever
// reads the bounces later compute the same values without sharing any state.
import { sha256 } from '../hash.js';
import { isEmailAddress } from '../fields.js';
import { isAsciiAddress, isSafeEnvelopeAddress } from './smtp-protocol.js';

/** The placeholder SMTP_RETURN_PATH must hold once, e.g. `bounces+{token}@example.org`. */
export const TOKEN_PLACEHOLDER = '{token}';

/** What every RCPT asks for: a report when delivery fails or is delayed, never on success (no mail for every letter). */
export const DSN_NOTIFY = 'FAILURE,DELAY';

/** What a failure report returns of the message: its headers only, enough to match it, not the PDFs again. */
export const DSN_RET = 'HDRS';

const ID_HEX = 24;

/**
 * The ENVID of a letter's message: the first 24 hex of sha256(letter id). Hex is xtext as it stands and far below
 * ENVID's 100 characters. The same for every attempt and every run, so a late bounce still names the letter.
 */
export function envelopeId(letterId: string): string {
  return sha256(letterId).slice(0, ID_HEX);
}

/** A test send's ENVID (`--test-to`): never one a real letter's message carries, so its bounce is never taken for one. */
export const testEnvelopeId = (letterId: string): string => envelopeId(`test:${letterId}`);

/**
 * The token in a VERP return path: the same value as the ENVID, so that a bounce names its letter the same way
 * whether the server kept the ENVID or only the return path. Lowercase hex: safe in any local part.
 */
export const verpToken = (letterId: string): string => envelopeId(letterId);

/** Why a return path template is unusable, or undefined when it is fine. */
export function returnPathProblem(template: string): string | undefined {
  const parts = template.split(TOKEN_PLACEHOLDER);
  if (parts.length !== 2) return `must contain ${TOKEN_PLACEHOLDER} exactly once`;
  const sample = template.replace(TOKEN_PLACEHOLDER, '0'.repeat(ID_HEX));
  if (!isEmailAddress(sample) || !isSafeEnvelopeAddress(sample) || !isAsciiAddress(sample)) return `is not an email address once ${TOKEN_PLACEHOLDER} is filled in`;
  // The token names the letter in the local part: a domain per letter would need a DNS name per letter.
  if ((parts[0] ?? '').includes('@') || !(parts[1] ?? '').includes('@')) return `must have ${TOKEN_PLACEHOLDER} before the @`;
  return undefined;
}

/** A letter's return path (MAIL FROM): the template with its token. Throws on a template `returnPathProblem` refuses. */
export function returnPath(template: string, letterId: string): string {
  const problem = returnPathProblem(template);
  if (problem !== undefined) throw new Error(`return path ${JSON.stringify(template)} ${problem}`);
  return template.replace(TOKEN_PLACEHOLDER, verpToken(letterId));
}

/**
 * RFC 3461 §4 xtext: the UTF-8 bytes of `value`, each byte outside "!".."~" and each "+" and "=" written `+HH`
 * (upper-case hex), everything else as it is.
 */
export function xtext(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const plain = byte >= 33 && byte <= 126 && byte !== 0x2b && byte !== 0x3d;
    out += plain ? String.fromCharCode(byte) : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The MAIL FROM parameters asking for delivery reports, with a leading space; only for a server that offers DSN. */
export function dsnMailParameters(envid: string | undefined): string {
  return ` RET=${DSN_RET}${envid === undefined ? '' : ` ENVID=${xtext(envid)}`}`;
}

/**
 * The RCPT TO parameters of one recipient, with a leading space; only for a server that offers DSN. ORCPT's rfc822
 * type is for ASCII addresses (an internationalised one needs RFC 6533's utf-8 type): such a recipient goes without
 * ORCPT, which is optional, and its report still names the address the server delivered to.
 */
export function dsnRcptParameters(address: string): string {
  return ` NOTIFY=${DSN_NOTIFY}${isAsciiAddress(address) ? ` ORCPT=rfc822;${xtext(address)}` : ''}`;
}
