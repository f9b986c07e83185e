// Field-level text rules shared by every column.

const NON_ASCII = /[^\x00-\x7F]/;

/** Trimmed and NFC-normalized. ASCII text is already NFC, so the (costly) normalize call is skipped for it. */
export function cleanField(text: string): string {
  const trimmed = text.trim();
  return NON_ASCII.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
}

export const hasLineBreak = (text: string): boolean => text.includes('\n') || text.includes('\r');

/** U+FFFD is what a UTF-8 decoder puts where bytes were not UTF-8: the real character is lost, so the row is damaged. */
export const hasReplacementChar = (text: string): boolean => text.includes('\uFFFD');
