// Header names that exports use for our fields, in English and French and as petition platforms and spreadsheets
// write them; compared as `headerWords` makes them (lower case, no accents, words separated by one space).
import { visibleHeaderName, type SignatureField } from './columns.js';

/** What a header name can be: one of our fields, or the first or last part of a name. */
export type HeaderRole = Exclude<SignatureField, 'name'> | 'full_name' | 'first_name' | 'last_name';

const NAMES: Record<HeaderRole, readonly string[]> = {
  full_name: [
    'name',
    'full name',
    'fullname',
    'your name',
    'display name',
    'signer',
    'signer name',
    'signatory',
    'signataire',
    'nom complet',
    'nom et prenom',
    'prenom et nom',
    'prenom nom',
    'nom prenom',
  ],
  first_name: ['first name', 'firstname', 'first', 'given name', 'given names', 'forename', 'prenom', 'prenoms'],
  // "nom" alone is a last name beside a "prénom" column, else the whole name (guessColumns decides).
  last_name: ['last name', 'lastname', 'last', 'surname', 'family name', 'nom', 'nom de famille'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'your email', 'mail', 'courriel', 'adresse courriel', 'adresse e mail', 'adresse email', 'adresse mail'],
  country: ['country', 'country code', 'country name', 'nation', 'pays', 'code pays'],
  region: ['region', 'state', 'province', 'county', 'state province', 'state or province', 'departement'],
  city: ['city', 'town', 'city town', 'ville', 'commune', 'localite'],
  postcode: ['postcode', 'post code', 'postal code', 'zip', 'zip code', 'zipcode', 'postal', 'code postal', 'cp'],
  signed_at: [
    'signed at',
    'signed on',
    'signed',
    'date signed',
    'signature date',
    'date',
    'created at',
    'created',
    'created date',
    'submitted at',
    'timestamp',
    'date de signature',
    'date signature',
    'horodatage',
  ],
  source: ['source', 'utm source', 'channel', 'referrer', 'origine', 'canal'],
  comment: ['comment', 'comments', 'message', 'note', 'notes', 'remarks', 'reason', 'why', 'commentaire', 'commentaires', 'raison'],
};

const ROLE_OF = new Map(Object.entries(NAMES).flatMap(([role, names]) => names.map((name) => [name, role as HeaderRole] as const)));

/** A header name reduced to its words: "E-mail Address" → "e mail address", "Prénom" → "prenom", "signed_at" → "signed at". */
export function headerWords(name: string): string {
  return visibleHeaderName(name)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The role a header name usually has, if it is one of the names above. */
export const roleOfHeader = (name: string): HeaderRole | undefined => ROLE_OF.get(headerWords(name));
