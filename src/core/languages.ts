// A language code must name a language, not merely have the form of one: `xx` would otherwise fall back to another
// language without a word.
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** ISO 639 code that ICU knows as a language (en, fr, km, tet), not a made-up one (xx, qaa). */
export function isKnownLanguage(code: string): boolean {
  if (!/^[a-z]{2,3}$/.test(code)) return false;
  try {
    return languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

export const languageHint = 'an ISO 639 language code such as en, fr, km';
