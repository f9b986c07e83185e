import { ALPHA2_TO_ALPHA3 } from './country-codes.js';

/**
 * Country normalization to ISO 3166-1 alpha-2.
 *
 * Accepted, compared case-, whitespace-, punctuation- and diacritic-insensitively:
 * - the alpha-2 code ("CA") and the alpha-3 code ("CAN");
 * - the English, French and German names ICU (CLDR) gives through `Intl.DisplayNames`, in its long, short and narrow
 *   styles ("Canada", "Kanada", "Cambodge", "UK", "Bosnia & Herzegovina");
 * - the aliases below: ISO's formal short names ("Korea, Republic of", "Viet Nam") and common variants ("USA",
 *   "Great Britain", "Kampuchea", "Lao PDR").
 * Returns undefined for anything else (the caller decides: empty → "ZZ", unknown → reject).
 */
export function normalizeCountry(text: string): string | undefined {
  const key = countryKey(text);
  if (key === '') return undefined;
  return getLookup().get(key);
}

/** "Côte d’Ivoire" → "cote divoire"; "U.S.A." → "usa"; "Bosnia & Herzegovina" → "bosnia and herzegovina". */
export function countryKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’`ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

// Variants CLDR does not give in en/fr/de. Keys are written plainly and pass through countryKey.
const ALIASES: Record<string, string> = {
  // ISO 3166 formal short names that differ from CLDR's
  'Bolivia (Plurinational State of)': 'BO',
  'Brunei Darussalam': 'BN',
  'Cabo Verde': 'CV',
  Congo: 'CG',
  'Congo, Democratic Republic of the': 'CD',
  'Democratic Republic of the Congo': 'CD',
  'DR Congo': 'CD',
  DRC: 'CD',
  'Republic of the Congo': 'CG',
  'Czech Republic': 'CZ',
  'Holy See': 'VA',
  'Iran (Islamic Republic of)': 'IR',
  "Korea (Democratic People's Republic of)": 'KP',
  "Korea, Democratic People's Republic of": 'KP',
  DPRK: 'KP',
  'Korea (Republic of)': 'KR',
  'Korea, Republic of': 'KR',
  'Republic of Korea': 'KR',
  Korea: 'KR',
  "Lao People's Democratic Republic": 'LA',
  'Lao PDR': 'LA',
  Lao: 'LA',
  'Micronesia (Federated States of)': 'FM',
  'Moldova, Republic of': 'MD',
  'Palestine, State of': 'PS',
  'Russian Federation': 'RU',
  'Syrian Arab Republic': 'SY',
  'Taiwan, Province of China': 'TW',
  'Tanzania, United Republic of': 'TZ',
  'Venezuela (Bolivarian Republic of)': 'VE',
  'Viet Nam': 'VN',
  'United Kingdom of Great Britain and Northern Ireland': 'GB',
  'United States of America': 'US',
  // common variants
  USA: 'US',
  America: 'US',
  'United States': 'US',
  'Great Britain': 'GB',
  Britain: 'GB',
  England: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  'Northern Ireland': 'GB',
  Kampuchea: 'KH',
  'Kingdom of Cambodia': 'KH',
  Burma: 'MM',
  Holland: 'NL',
  'Ivory Coast': 'CI',
  'East Timor': 'TL',
  Swaziland: 'SZ',
  Macedonia: 'MK',
  Turkey: 'TR',
  Macau: 'MO',
  Vatican: 'VA',
  'Hong Kong': 'HK',
  'Cape Verde': 'CV',
  'Republic of China': 'TW',
  "People's Republic of China": 'CN',
  PRC: 'CN',
  UAE: 'AE',
  'Bosnia and Herzegovina': 'BA',
};

let lookup: Map<string, string> | undefined;

/** Built once, on first use: ~250 codes × 3 languages × 3 styles through ICU takes a few milliseconds. */
function getLookup(): Map<string, string> {
  if (lookup) return lookup;
  const map = new Map<string, string>();
  const add = (name: string | undefined, code: string) => {
    if (!name) return;
    const key = countryKey(name);
    // First writer wins so a code ("CA") is never shadowed by some other country's name.
    if (key !== '' && !map.has(key)) map.set(key, code);
  };
  for (const [alpha2, alpha3] of ALPHA2_TO_ALPHA3) {
    add(alpha2, alpha2);
    add(alpha3, alpha2);
  }
  for (const language of ['en', 'fr', 'de']) {
    for (const style of ['long', 'short', 'narrow'] as const) {
      const names = new Intl.DisplayNames([language], { type: 'region', style, fallback: 'none' });
      for (const alpha2 of ALPHA2_TO_ALPHA3.keys()) add(names.of(alpha2), alpha2);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) add(alias, code);
  lookup = map;
  return map;
}
