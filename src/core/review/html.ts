// The one HTML escaping of petition review: every piece of a letter, a roster or a problem reaches a page through
// these, so a subject holding `<script>` is shown as text, never run.

/** Text as HTML text or as a quoted attribute value (both quote kinds escaped). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));

/**
 * JSON safe inside a `<script>` element: `<`, `>` and `&` as \u escapes (no `</script>` or `<!--` can end or
 * change the element), and U+2028/U+2029, which older parsers take for line ends inside a string.
 */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A site-relative path (forward slashes) as an href from a page at `from`, each segment percent-encoded. */
export function hrefFrom(from: string, target: string): string {
  const up = '../'.repeat(from.split('/').length - 1);
  return up + target.split('/').map(encodeURIComponent).join('/');
}

/**
 * Nothing loads from outside the site: the letter's HTML part (in its srcdoc frame, which inherits this policy)
 * cannot fetch a remote image or a tracking pixel either.
 */
const POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline' file:; font-src data:; img-src data: file:; frame-src file: about:; object-src file:; connect-src 'none'; form-action 'none'";

/** A whole page: the site's stylesheet, `body` as given (already escaped by its builder) and an inline script. */
export function pageShell(options: { title: string; language: string; css: string; body: string; script: string }): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(options.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<link rel="stylesheet" href="${escapeHtml(options.css)}">`,
    '</head>',
    `<body>\n${options.body}\n<script>\n${options.script}\n</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
