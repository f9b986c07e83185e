// Reads SMTP_URL. Any part of its text may be (a piece of) the password, so no message here ever quotes it.

export interface SmtpUrlParts {
  host: string;
  /** 0 when the URL names none: the caller picks the default for `secure`. */
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
}

export interface SmtpUrlProblem {
  message: string;
  hint?: string | undefined;
}

export const PERCENT_ENCODING_HINT =
  'a user name or password with @ : / ? # % must be percent-encoded: @ → %40, : → %3A, / → %2F, ? → %3F, # → %23, % → %25; or set SMTP_HOST, SMTP_USER and SMTP_PASS instead';
const FORM_HINT = 'smtps://user:password@host:465 or smtp://user:password@host:587';

/** The parts of an SMTP URL, or every reason it is not one (a URL that parses into something surprising included). */
export function parseSmtpUrl(text: string): { parts?: SmtpUrlParts; problems: SmtpUrlProblem[] } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problems: [{ message: 'is not a URL', hint: `${FORM_HINT}; ${PERCENT_ENCODING_HINT}` }] };
  }
  // With another scheme the rest is read by other rules: say only that.
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { problems: [schemeProblem(text, url.protocol)] };
  const problems: SmtpUrlProblem[] = [];
  if (url.hostname === '') problems.push({ message: 'has no host', hint: FORM_HINT });
  // An unencoded / ? or # in the password ends the host early: what follows lands in a path, query or fragment.
  else if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
    problems.push({ message: 'has a path, query or fragment after the host (an unencoded / ? or # in the password?)', hint: PERCENT_ENCODING_HINT });
  const user = decoded(url.username);
  const pass = decoded(url.password);
  if (user === null || pass === null) problems.push({ message: 'has a malformed %-escape in the user name or password', hint: PERCENT_ENCODING_HINT });
  if (problems.length > 0) return { problems };
  return {
    parts: { host: url.hostname, port: url.port ? Number(url.port) : 0, secure: url.protocol === 'smtps:', user: user || undefined, pass: pass || undefined },
    problems,
  };
}

/** The scheme is quoted only when it is plainly one (`name://`): in `user:password@host` it would be the user name. */
function schemeProblem(text: string, protocol: string): SmtpUrlProblem {
  const plainScheme = /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(text);
  return plainScheme ? { message: `scheme "${protocol}" is not smtp: or smtps:`, hint: FORM_HINT } : { message: 'does not start with smtp:// or smtps://', hint: FORM_HINT };
}

/** `null` for a malformed escape such as `%zz` or a lone `%`. */
function decoded(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}
