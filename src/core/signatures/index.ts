export { normalizeCountry } from './country.js';
export { isEmail, maskEmail, normalizeEmail } from './email.js';
export { normalizeName } from './name.js';
export { parseSignedAt, type SignedAt } from './signed-at.js';
export { createTally, UNSPECIFIED_COUNTRY, type AddResult, type RowOrigin, type TallyAccumulator, type TallyOptions } from './tally.js';
export { defaultMapping, resolveColumns, SIGNATURE_FIELDS } from './columns.js';
