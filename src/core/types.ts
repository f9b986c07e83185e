// Data contracts shared by the core, the adapters and the commands.
// Core modules take text and these plain objects and return plain objects; nothing here touches the world.

/** Where a value came from, so every problem can name `file:line: field`. */
export interface SourceRef {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
}

export type Severity = 'error' | 'warning';

/** One thing wrong with the input. Rendered as `file:line: field: message (hint)`. */
export interface Problem {
  severity: Severity;
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  field?: string | undefined;
  message: string;
  hint?: string | undefined;
}

/** Validation never throws on bad input: it returns what it could read and every problem at once. */
export interface Checked<T> {
  value: T | undefined;
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Roster

export type LanguageCode = string; // BCP 47 primary subtag: en, km, fr, vi …

export interface State {
  /** ISO 3166-1 alpha-2, or a historic code (SU, YU) with `successor`. */
  code: string;
  name: string;
  successor?: string | undefined;
  note?: string | undefined;
  line?: number | undefined;
}

export interface PostalAddress {
  lines: string[];
  country: string;
}

export interface Addressee {
  id: string;
  group: string;
  honorific: string;
  name: string;
  title: string;
  organization?: string | undefined;
  /** ISO 3166-1 alpha-2 of the state the addressee speaks for, when any. */
  country?: string | undefined;
  language: LanguageCode;
  /** Salutation per letter language, e.g. { en: "Dear Secretary-General", fr: "Monsieur le Secrétaire général" }. */
  salutation: Record<LanguageCode, string>;
  email?: string | undefined;
  postal_address?: PostalAddress | undefined;
  note?: string | undefined;
  /** When the name, title and contact were last checked (YYYY-MM-DD); the roster's `as_of` when absent. */
  verified_on?: string | undefined;
  /** Where the facts came from: the roster's `source:` of this addressee. */
  citation?: string | undefined;
  /** A fictional stand-in (`petition init` writes them): warned about by validate, refused by send. */
  placeholder?: boolean | undefined;
  /** Where the addressee stands in the roster file. */
  source: SourceRef;
}

export interface Roster {
  id: string;
  title: string;
  as_of: string; // YYYY-MM-DD
  /** How old `as_of` or a `verified_on` may be on the day of sending (default 180 days). */
  max_age_days?: number | undefined;
  sources: string[];
  groups: Record<string, string>; // group id → description
  /** Each group's line in the file and its summaries by language ("the foreign ministers of the {count} signatory
   *  states"), which a letter prints instead of the group's names when the list is longer than the petition allows. */
  groupDetails: Record<string, { line: number | undefined; summary: Record<string, string> }>;
  states: State[];
  addressees: Addressee[];
  file: string;
  /** sha256 of the roster file's bytes, set by the loader: the archive records which roster a letter came from. */
  sha256?: string | undefined;
}

/** The roster a letter was planned from, as the archive records it beside the letter. */
export interface RosterRef {
  id: string;
  /** As shown to the user: relative to the project folder when inside it. */
  file: string;
  sha256?: string | undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Petition

export interface Petitioner {
  name: string;
  signatory?: string | undefined;
  address: string[];
  email?: string | undefined;
  reply_to?: string | undefined;
  phone?: string | undefined;
  website?: string | undefined;
}

export interface ColumnMapping {
  /** One column, or several joined by a space (first and last name columns): `[first_name, last_name]`. */
  name?: string | readonly string[] | undefined;
  email?: string | undefined;
  country?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
  postcode?: string | undefined;
  signed_at?: string | undefined;
  source?: string | undefined;
  comment?: string | undefined;
}

export interface SignatureSourceSpec {
  /** Path relative to the petition folder. `.csv` or `.csv.gz`. */
  path: string;
  label: string;
  /** Counted as persons or as organisations (an open letter's signatories). */
  kind: 'person' | 'organisation';
  columns: ColumnMapping;
  delimiter: string;
  /** How the file's bytes are text; utf-8 when absent. */
  encoding?: SignatureEncoding | undefined;
}

/** See core/signatures/encoding.ts: `latin1` is ISO-8859-1 itself, not windows-1252. */
export type SignatureEncoding = 'utf-8' | 'windows-1252' | 'latin1';

export interface DeclaredTally {
  source: string;
  count: number;
  country?: string | undefined;
  note?: string | undefined;
}

export interface Translation {
  language: LanguageCode;
  title: string;
  subject: string;
  body: string; // Markdown
  file: string;
  bodyLine: number; // 1-based line where the body starts in `file`
  /** Line of its `language:` field (or 1), for problems about the language. */
  languageLine: number;
}

export interface Attachment {
  path: string;
  description?: string | undefined;
}

export interface Petition {
  slug: string;
  dir: string;
  file: string;
  title: string;
  subject: string;
  language: LanguageCode;
  date: string; // YYYY-MM-DD
  place: string;
  anniversary?: { date: string; time_zone: string } | undefined; // MM-DD
  petitioner: Petitioner;
  roster: string;
  to: string[];
  cc: string[];
  /** Languages whose text follows the main text in every letter (a bilingual petition). */
  append: LanguageCode[];
  /** How many names the distribution list may hold before its largest groups are named by summary (default 50). */
  distributionListLimit?: number | undefined;
  /** How many distinct people must approve a letter's content before `send` sends it (`approvals_required`, default 1). */
  approvalsRequired: number;
  signatures: { sources: SignatureSourceSpec[]; declared: DeclaredTally[] };
  attachments: Attachment[];
  body: string;
  bodyLine: number;
  translations: Translation[];
  /** Line of each top-level front-matter field and of `petitioner.<field>`, for problems found after parsing. */
  fieldLines: Record<string, number | undefined>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Signatures

export interface SignatureRow {
  name: string;
  email: string;
  country: string;
  region: string;
  city: string;
  postcode: string;
  signed_at: string;
  source: string;
  comment: string;
}

export type RejectReason =
  | 'no-name'
  | 'bad-email'
  | 'unknown-country'
  | 'bad-date'
  | 'ragged-row'
  | 'bad-encoding'
  /** The line is longer than MAX_LINE_CHARS (core/signatures/line-limit.ts); it is not read. */
  | 'line-too-long'
  /** The name holds a line break (only `comment` may). */
  | 'bad-name'
  /** region, city, postcode or source holds a line break (only `comment` may). */
  | 'bad-field'
  /** The name is longer than the documented maximum (TEXT_LIMITS.signerName). */
  | 'too-long'
  /** A cell holds a control character or NUL (a tab or line break only in `comment`), or a bidi control. */
  | 'bad-text';

export interface Reject {
  source: string; // file label or path
  row: number; // 1-based record number including the header row (the line a spreadsheet shows)
  reason: RejectReason;
  detail: string;
}

export interface SignatureTally {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  unique: number;
  invalidByReason: Partial<Record<RejectReason, number>>;
  byCountry: Record<string, number>; // unique signers by ISO code
  bySource: Record<string, number>; // unique signers by source label
  byDay: Record<string, number>; // unique signers by YYYY-MM-DD
  /** First rejects, for reports; the full list goes to rejects.csv. */
  rejects: Reject[];
  declared: DeclaredTally[];
  declaredTotal: number;
  /** unique + declaredTotal: the number on the letter. */
  total: number;
  countries: number;
  kind: 'person' | 'organisation';
}

// ---------------------------------------------------------------------------------------------------------------------
// Letters

export type Channel = 'email' | 'print';

export interface MailAddress {
  name: string;
  address: string;
}

export interface LetterAttachmentPlan {
  filename: string;
  kind: 'letter-pdf' | 'annex-pdf' | 'distribution-pdf' | 'file';
  path?: string | undefined;
}

/** The structured content a PDF renderer lays out; the email text and HTML are made from the same parts. */
export interface LetterDocument {
  language: LanguageCode;
  letterhead: string[]; // petitioner name then address and contact lines
  placeAndDate: string; // "British Columbia, Canada, 23 October 2017" in the letter's language
  addresseeBlock: string[]; // honorific + name, title, organisation, postal lines
  isCopy: boolean;
  copyNotice?: string | undefined; // "Copy for information: this letter is addressed to …"
  subject: string;
  salutation: string;
  /** Merged Markdown of the main text. */
  body: string;
  /** Appended translations, e.g. the Khmer text of a bilingual petition. */
  sections: { language: LanguageCode; title: string; body: string }[];
  countSentence: string;
  closing: string;
  signature: string[];
  distribution: LetterDistribution;
}

/** The distribution list at the letter's foot (core/distribution.ts). */
export interface LetterDistribution {
  /** Names on the list, or a group's summary in place of its names, and the words before each list: `to` and `cc`
   *  of the language's labels.yaml, the same the email's letter.md template prints. */
  to: string[];
  cc: string[];
  labels: { to: string; cc: string };
  /** Present when groups are summarised: the sentence that points to the enclosed full list, how many it names, and
   *  the list's hash, so that the letter's content hash covers the list it encloses. */
  annex: { note: string; addressees: number; sha256: string } | undefined;
}

export interface Letter {
  /** `<petition slug>/<addressee id>/<language>`: stable across runs, used by the ledger and the archive. A follow-up's
   *  is `<petition slug>/<addressee id>.follow-up/<language>` (core/follow-up.ts): roster ids never hold a dot. */
  id: string;
  petition: string;
  addresseeId: string;
  group: string;
  language: LanguageCode;
  channel: Channel;
  from?: MailAddress | undefined;
  replyTo?: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  html: string;
  document: LetterDocument;
  attachments: LetterAttachmentPlan[];
  /** sha256 of everything that goes to the addressee; a changed letter gets a new hash. */
  contentHash: string;
  /** Where the addressee came from. Not part of the content hash: editing another addressee changes no letter. */
  roster?: RosterRef | undefined;
  /** A reminder (`petition follow-up`): the letter it follows up, as it was sent — its id and content hash, which
   *  name the Message-ID it is threaded to. */
  followUp?: { of: string; ofContentHash: string } | undefined;
}
