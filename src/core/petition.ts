import type { ValidateFunction } from 'ajv';
import { DEFAULT_APPROVALS_REQUIRED } from './approval.js';
import { problem } from './errors.js';
import { isEmailAddress, isIsoDate, isMonthDay, isTimeZone } from './fields.js';
import { splitFrontMatter } from './front-matter.js';
import { isKnownLanguage, languageHint } from './languages.js';
import { schemaProblems } from './schema-problems.js';
import { validatePetition, validateTranslation } from './schema-validators.generated.js';
import { bodyTextProblems, petitionKinds, yamlTextProblems } from './text-fields.js';
import { checkText } from './text-policy.js';
import { ENCODING_HINT, encodingNamed } from './signatures/encoding.js';
import { SIGNATURE_FIELDS } from './signatures/columns.js';
import type { Checked, ColumnMapping, Petition, Problem, SignatureEncoding, SignatureSourceSpec, Translation } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

export interface TextFile {
  path: string;
  text: string;
}

export interface PetitionFiles {
  slug: string;
  dir: string;
  main: TextFile;
  /** `petition.<lang>.md` files beside the main one. */
  translations: (TextFile & { language: string })[];
}

export const defaultColumns: Required<ColumnMapping> = {
  name: 'name',
  email: 'email',
  country: 'country',
  region: 'region',
  city: 'city',
  postcode: 'postcode',
  signed_at: 'signed_at',
  source: 'source',
  comment: 'comment',
};

export function parsePetition(files: PetitionFiles): Checked<Petition> {
  const { main } = files;
  const problems: Problem[] = [];
  const front = readFrontMatter(main, validatePetition, problems);
  if (!front) return { value: undefined, problems };
  const { data, source, body, bodyLine } = front;
  const bad: ReportAt = (path, message, hint) => problems.push(problem(main.path, source.lineOf(path), path.join('.'), message, hint));

  checkDates(data, bad);
  const petitioner = (data.petitioner ?? {}) as Record<string, unknown>;
  checkPetitionerAddresses(petitioner, bad);
  if (body.trim() === '') problems.push(problem(main.path, bodyLine, 'body', 'the petition text is empty', 'write the text below the closing ---'));

  const language = String(data.language ?? '');
  if (/^[a-z]{2,3}$/.test(language) && !isKnownLanguage(language)) bad(['language'], `unknown language code "${language}"`, languageHint);
  const translations = parseTranslations(files, language, problems);
  const append = Array.isArray(data.append) ? (data.append as string[]) : [];
  checkAppend(append, { language, translations, files }, bad);
  const signatures = (data.signatures ?? {}) as { sources?: Partial<SignatureSourceSpec>[]; declared?: Petition['signatures']['declared'] };
  const sources = signatureSources(signatures.sources ?? [], bad);
  checkAttachmentNames(data.attachments, files.slug, bad);

  const petition: Petition = {
    slug: files.slug,
    dir: files.dir,
    file: main.path,
    title: String(data.title ?? ''),
    subject: String(data.subject ?? ''),
    language,
    date: String(data.date ?? ''),
    place: typeof data.place === 'string' ? data.place : '',
    anniversary: data.anniversary as Petition['anniversary'],
    petitioner: {
      name: String(petitioner.name ?? ''),
      signatory: petitioner.signatory as string | undefined,
      address: Array.isArray(petitioner.address) ? (petitioner.address as string[]) : [],
      email: petitioner.email as string | undefined,
      reply_to: petitioner.reply_to as string | undefined,
      phone: petitioner.phone as string | undefined,
      website: petitioner.website as string | undefined,
    },
    roster: String(data.roster ?? ''),
    to: Array.isArray(data.to) ? (data.to as string[]) : [],
    cc: Array.isArray(data.cc) ? (data.cc as string[]) : [],
    append,
    distributionListLimit: typeof data.distribution_list_limit === 'number' ? data.distribution_list_limit : undefined,
    approvalsRequired: typeof data.approvals_required === 'number' ? data.approvals_required : DEFAULT_APPROVALS_REQUIRED,
    signatures: { sources, declared: signatures.declared ?? [] },
    attachments: Array.isArray(data.attachments) ? (data.attachments as Petition['attachments']) : [],
    body,
    bodyLine,
    translations,
    fieldLines: Object.fromEntries([
      ...Object.keys(data).map((k) => [k, source.lineOf([k])] as const),
      ...Object.keys(petitioner).map((k) => [`petitioner.${k}`, source.lineOf(['petitioner', k])] as const),
    ]),
  };
  return { value: petition, problems };
}

/** Reports a problem at a field of petition.md's front matter (its path, e.g. ['signatures', 'sources', 0, 'path']). */
type ReportAt = (path: (string | number)[], message: string, hint?: string) => void;

/** A petition's own attachment may not take the name of a file the tool encloses with every letter of it. */
function checkAttachmentNames(attachments: unknown, slug: string, bad: ReportAt): void {
  if (!Array.isArray(attachments)) return;
  const ours = new Set([`${slug}.annex.pdf`, `${slug}.distribution.pdf`]);
  attachments.forEach((a: unknown, i) => {
    const path = typeof a === 'object' && a !== null ? (a as { path?: unknown }).path : undefined;
    const name = typeof path === 'string' ? (path.split('/').pop() ?? path) : undefined;
    if (name !== undefined && ours.has(name.toLowerCase()))
      bad(
        ['attachments', i, 'path'],
        `"${name}" is the name of the ${name.toLowerCase().endsWith('.annex.pdf') ? 'signature annex' : 'distribution list'} every letter of this petition encloses`,
        'rename the file',
      );
  });
}

/** Dates the schema's patterns let through but no calendar has (2017-02-30), and time zones nobody has heard of. */
function checkDates(data: Record<string, unknown>, bad: ReportAt): void {
  if (typeof data.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.date) && !isIsoDate(data.date)) bad(['date'], `"${data.date}" is not a real date`, 'YYYY-MM-DD');
  const anniversary = data.anniversary as Petition['anniversary'];
  if (!anniversary) return;
  if (typeof anniversary.date === 'string' && /^\d{2}-\d{2}$/.test(anniversary.date) && !isMonthDay(anniversary.date))
    bad(['anniversary', 'date'], `"${anniversary.date}" is not a day of the year`, 'MM-DD, e.g. 10-23');
  if (typeof anniversary.time_zone === 'string' && !isTimeZone(anniversary.time_zone))
    bad(['anniversary', 'time_zone'], `unknown time zone "${anniversary.time_zone}"`, 'an IANA zone such as Asia/Phnom_Penh');
}

function checkPetitionerAddresses(petitioner: Record<string, unknown>, bad: ReportAt): void {
  for (const key of ['email', 'reply_to'] as const) {
    const value = petitioner[key];
    // A value the text policy refused (readFrontMatter) is reported once, as that.
    if (typeof value === 'string' && !checkText(value, 'address') && !isEmailAddress(value)) bad(['petitioner', key], `"${value}" is not an email address`, 'name@domain.tld');
  }
}

/** The `petition.<lang>.md` files that parse, one per language (a second one is a problem). */
function parseTranslations(files: PetitionFiles, language: string, problems: Problem[]): Translation[] {
  const translations: Translation[] = [];
  for (const t of files.translations) {
    const parsed = parseTranslation(t, language, problems);
    if (!parsed) continue;
    if (translations.some((x) => x.language === parsed.language))
      problems.push(problem(t.path, 1, 'language', `a second "${parsed.language}" translation`, 'keep one petition.<lang>.md per language'));
    else translations.push(parsed);
  }
  return translations;
}

/** `append:` names translations beside petition.md, never the petition's own language. */
function checkAppend(append: readonly string[], beside: { language: string; translations: readonly Translation[]; files: PetitionFiles }, bad: ReportAt): void {
  const { language, translations, files } = beside;
  append.forEach((lang, i) => {
    if (typeof lang !== 'string') return;
    if (lang === language) bad(['append', i], `"${lang}" is the petition's own language`, 'append lists translations only');
    else if (!translations.some((t) => t.language === lang) && files.translations.every((t) => t.language !== lang))
      bad(['append', i], `no translation "${lang}"`, `add petition.${lang}.md beside petition.md`);
  });
}

/** The signature sources with their defaults filled in, each checked; all of one kind. */
function signatureSources(declared: readonly Partial<SignatureSourceSpec>[], bad: ReportAt): SignatureSourceSpec[] {
  const sources: SignatureSourceSpec[] = declared.map((s, i) => ({
    path: String(s.path ?? ''),
    label: String(s.label ?? s.path ?? ''),
    kind: s.kind ?? 'person',
    delimiter: s.delimiter ?? ',',
    encoding: sourceEncoding(s.encoding, (message, hint) => bad(['signatures', 'sources', i, 'encoding'], message, hint)),
    columns: s.columns ?? defaultColumns,
  }));
  sources.forEach((s, i) => checkSignatureSource(s, ['signatures', 'sources', i], bad));
  const kinds = new Set(sources.map((s) => s.kind));
  if (kinds.size > 1) bad(['signatures', 'sources'], 'mixes person and organisation sources', 'count people and organisations in separate petitions');
  return sources;
}

function checkSignatureSource(s: SignatureSourceSpec, at: (string | number)[], bad: ReportAt): void {
  for (const field of SIGNATURE_FIELDS)
    if (field !== 'name' && Array.isArray(s.columns[field])) bad([...at, 'columns', field], 'lists several columns; only name can join columns', `map ${field} to one column of the header`);
  if (s.path.startsWith('/') || s.path.split(/[\\/]/).includes('..')) bad([...at, 'path'], `"${s.path}" leaves the petition folder`, 'give a path inside the petition folder');
  if (!/\.csv(\.gz)?$/i.test(s.path)) bad([...at, 'path'], `"${s.path}" is not a .csv or .csv.gz file`);
}

/** A source's `encoding:` as one of ours; a name we do not read is reported (and read as utf-8, the default). */
function sourceEncoding(declared: unknown, report: (message: string, hint: string) => void): SignatureEncoding {
  if (typeof declared !== 'string') return 'utf-8'; // absent, or refused by the schema
  const encoding = encodingNamed(declared);
  if (!encoding) report(`unknown encoding "${declared}"`, ENCODING_HINT);
  return encoding ?? 'utf-8';
}

function parseTranslation(t: PetitionFiles['translations'][number], mainLanguage: string, problems: Problem[]): Translation | undefined {
  const front = readFrontMatter(t, validateTranslation, problems);
  if (!front) return undefined;
  const { data, source, body, bodyLine } = front;
  const language = String(data.language ?? '');
  const languageLine = source.lineOf(['language']) ?? 1;
  if (!isKnownLanguage(t.language)) problems.push(problem(t.path, languageLine, 'language', `unknown language code "${t.language}" in the file name`, `${languageHint}: petition.<code>.md`));
  else if (language && language !== t.language)
    problems.push(problem(t.path, source.lineOf(['language']), 'language', `says "${language}" but the file name says "${t.language}"`, `rename to petition.${language}.md or fix language:`));
  if (t.language === mainLanguage) problems.push(problem(t.path, 1, 'language', `"${t.language}" is already the language of petition.md`, 'a translation needs another language'));
  if (body.trim() === '') problems.push(problem(t.path, bodyLine, 'body', 'the translated text is empty', 'write the text below the closing ---'));
  if (typeof data.subject !== 'string' || typeof data.title !== 'string') return undefined;
  return { language: t.language, title: data.title, subject: data.subject, body, file: t.path, bodyLine, languageLine };
}

interface FrontMatter {
  data: Record<string, unknown>;
  source: YamlSource;
  body: string;
  bodyLine: number;
}

function readFrontMatter(file: TextFile, validate: ValidateFunction, problems: Problem[]): FrontMatter | undefined {
  const split = splitFrontMatter(file.text);
  if (!split) {
    problems.push(problem(file.path, 1, undefined, 'no front matter', 'start the file with a --- line, the YAML fields, and another --- line'));
    return undefined;
  }
  const parsed = parseYaml(split.yaml, file.path, split.yamlLine - 1);
  problems.push(...parsed.problems);
  if (!parsed.source) return undefined;
  const data = parsed.source.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(problem(file.path, split.yamlLine, undefined, 'front matter is not a set of fields', 'write key: value lines'));
    return undefined;
  }
  if (!validate(data)) problems.push(...schemaProblems(validate.errors ?? [], parsed.source, (path) => path.join('.') || '(front matter)'));
  problems.push(...yamlTextProblems(parsed.source, petitionKinds, (path) => path.join('.')));
  problems.push(...bodyTextProblems(split.body, file.path, split.bodyLine, 'body'));
  return { data: data as Record<string, unknown>, source: parsed.source, body: split.body, bodyLine: split.bodyLine };
}
