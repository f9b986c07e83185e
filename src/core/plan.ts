import { Parser, type Token, type Tokens } from 'marked';
import { memoLexer, type InlineCache } from './markdown-lexer.js';
import { problem } from './errors.js';
import { tokensToPlainText } from './plain-text.js';
import { countryName } from './fields.js';
import {
  DEFAULT_DISTRIBUTION_LIST_LIMIT,
  distributionAnnex,
  distributionAnnexHash,
  distributionIn,
  planDistribution,
  whereLine,
  type DistributionAnnex,
  type DistributionPlan,
} from './distribution.js';
import { canonicalJson, sha256 } from './hash.js';
import { letterHeaderProblems } from './header-places.js';
import { checkText, isSafeLink } from './text-policy.js';
import { followUpLetter, replySubject, type FollowUps } from './follow-up.js';
import { compileText, MergeError, type LanguageTemplates, type Labels, type TemplateSet } from './templates.js';
import type { Addressee, Letter, LetterAttachmentPlan, LetterDistribution, LetterDocument, MailAddress, Petition, Problem, Roster, RosterRef, SignatureTally, Translation } from './types.js';

export interface PlanInput {
  petition: Petition;
  roster: Roster;
  tally: SignatureTally;
  templates: TemplateSet;
  /** Only these addressee ids (preview --only, send --only). */
  only?: readonly string[] | undefined;
  /**
   * The files the letters carry or are made from besides their text — attachments, images, signature exports —
   * each with the sha256 of its bytes (io reads them): part of every letter's content hash, so an approval holds only
   * for the very files that were reviewed.
   */
  enclosures?: readonly { path: string; sha256: string }[] | undefined;
  /** Also merge each email letter's reminder (`petition follow-up`) from its language's follow-up.md template. */
  followUps?: boolean | undefined;
}

export interface Plan {
  letters: Letter[];
  /** The words of the petition's signature annex, in the petition's language; undefined when it has no annex. */
  annexLabels: Labels | undefined;
  /** The full distribution list the letters enclose when they name groups instead of every addressee. */
  distributionAnnex: DistributionAnnex | undefined;
  /** With `followUps`: each email letter's reminder, or the template its language lacks for one. */
  followUps?: FollowUps | undefined;
  problems: Problem[];
}

/** One letter per addressee of the petition's To and Cc groups, in roster order: the addressee block, salutation and
 *  count come from the data, never typed; any field a template names but the data lacks is a problem, never a blank. */
export function planLetters(input: PlanInput): Plan {
  const { petition, roster, templates } = input;
  const problems: Problem[] = [];
  for (const [key, groups] of [
    ['to', petition.to],
    ['cc', petition.cc],
  ] as const)
    groups.forEach((g) => {
      if (!Object.hasOwn(roster.groups, g))
        // own groups only: `constructor` is in every object
        problems.push(problem(petition.file, petition.fieldLines[key], key, `unknown group "${g}" in roster ${roster.id}`, `groups in ${roster.file}: ${Object.keys(roster.groups).join(', ')}`));
    });
  const toGroups = new Set(petition.to);
  const ccGroups = new Set(petition.cc.filter((g) => !toGroups.has(g)));
  const principal = roster.addressees.filter((a) => toGroups.has(a.group));
  const copies = roster.addressees.filter((a) => ccGroups.has(a.group));
  const selected = [...principal, ...copies].filter((a) => !input.only || input.only.includes(a.id));
  if (input.only)
    for (const id of input.only)
      if (![...principal, ...copies].some((a) => a.id === id))
        problems.push(problem(roster.file, undefined, 'only', `no addressee "${id}" among this petition's To and Cc groups`, 'see the ids with `petition preview`'));

  const letters: Letter[] = [];
  const followUps: FollowUps | undefined = input.followUps ? { letters: [], missing: [] } : undefined;
  const caches: PlanCaches = { bodies: new Map(), parts: new Map(), texts: new Map(), inline: new Map() };
  const lists = distributionLists(input, planDistribution(principal, copies, petition.distributionListLimit ?? DEFAULT_DISTRIBUTION_LIST_LIMIT), problems);
  for (const addressee of selected) {
    const language = letterLanguage(petition, addressee);
    const lt = templates.languages.get(language);
    if (!lt && templates.broken.has(language)) continue; // its template problems are reported already
    if (!lt) {
      const text = petition.translations.find((t) => t.language === language);
      const [file, line] = text ? [text.file, text.languageLine] : [petition.file, petition.fieldLines.language];
      problems.push(problem(file, line, 'language', `no templates for "${language}" (letter to ${addressee.id})`, `add templates/${language}/`));
      continue;
    }
    const distribution = lists.of(lt);
    if (!distribution) continue; // the roster lacks a summary in this language: reported once
    try {
      const { letter, followUp } = mergeLetter(input, addressee, ccGroups.has(addressee.group), lt, distribution, caches, problems);
      letters.push(letter);
      // What `send` would refuse on the wire, refused here, so that `validate` clean means `send` can go.
      problems.push(...letterHeaderProblems(letter, { petition, addressee, subjectFile: lt.parts.subject.file.path }));
      if (followUps && letter.channel === 'email') addFollowUp(followUps, letter, followUp, lt, { petition, addressee, problems });
    } catch (err) {
      if (!(err instanceof MergeError)) throw err;
      problems.push({ ...err.problem, message: `${err.problem.message} (letter to ${addressee.id})` });
    }
  }
  const annexLabels = letters.some(hasAnnex) ? annexLabelsOf(input, problems) : undefined;
  return { letters, annexLabels, distributionAnnex: lists.annex, followUps, problems: dedupeProblems(problems) };
}

/** An email letter's reminder, checked as its letter is; or the template its language lacks for one. */
function addFollowUp(
  followUps: FollowUps,
  letter: Letter,
  parts: { text: string; html: string } | undefined,
  lt: LanguageTemplates,
  at: { petition: Petition; addressee: Addressee; problems: Problem[] },
) {
  if (!parts || !lt.followUp) {
    followUps.missing.push({ letter, template: `templates/${lt.language}/follow-up.md.hbs` });
    return;
  }
  const reminder = followUpLetter(letter, parts);
  followUps.letters.push(reminder);
  at.problems.push(...letterHeaderProblems(reminder, { petition: at.petition, addressee: at.addressee, subjectFile: lt.followUp.file.path }));
}

/** The distribution list of each letter language, built once (with the annex and its hash, when groups are summarised). */
function distributionLists({ petition, roster, templates }: PlanInput, plan: DistributionPlan, problems: Problem[]) {
  const petitionLabels = plan.summarised.size > 0 ? annexLabelsOf({ petition, templates }, problems, 'the distribution list') : undefined;
  const annex = petitionLabels ? distributionAnnex(plan, petition.title, petition.language, petitionLabels, problems) : undefined;
  const annexHash = annex ? distributionAnnexHash(annex) : undefined;
  const byLanguage = new Map<string, LetterDistribution | undefined>();
  const of = (lt: LanguageTemplates): LetterDistribution | undefined => {
    if (!byLanguage.has(lt.language)) {
      byLanguage.set(lt.language, distributionIn(plan, roster, lt.language, lt.labels, annexHash, problems));
      if (plan.summarised.size > 0) problems.push(...annexNoteWarning(lt));
    }
    return byLanguage.get(lt.language);
  };
  return { annex, of };
}

const hasAnnex = (letter: Letter): boolean => letter.attachments.some((a) => a.kind === 'annex-pdf');

/** A campaign's own letter.md from before lists named groups says nothing of the enclosed list; the PDF letter does. */
function annexNoteWarning(lt: LanguageTemplates): Problem[] {
  const file = lt.parts['letter.md'].file;
  if (file.text.includes('distribution.annex')) return [];
  const hint = 'add {{#if document.distribution.annex}}{{document.distribution.annex.note}}{{/if}} after the lists, as the bundled templates do';
  return [problem(file.path, undefined, 'letter.md', 'never prints document.distribution.annex.note: an email naming groups does not say the full list is enclosed', hint, 'warning')];
}

/** An annex is in the petition's language even when no letter is: that language needs its labels.yaml too. */
function annexLabelsOf({ petition, templates }: Pick<PlanInput, 'petition' | 'templates'>, problems: Problem[], annex = 'the signature annex'): Labels | undefined {
  const labels = templates.languages.get(petition.language)?.labels;
  if (!labels && !templates.broken.has(petition.language))
    // a broken folder's problems are reported already
    problems.push(problem(petition.file, petition.fieldLines.language, 'language', `no templates for "${petition.language}" (${annex})`, `add templates/${petition.language}/`));
  return labels;
}

/** The addressee's language when the petition has a text in it, else the petition's own. */
export function letterLanguage(petition: Petition, addressee: Addressee): string {
  const available = [petition.language, ...petition.translations.map((t) => t.language)];
  return available.includes(addressee.language) ? addressee.language : petition.language;
}

function mergeLetter(
  input: PlanInput,
  addressee: Addressee,
  isCopy: boolean,
  lt: LanguageTemplates,
  distribution: LetterDistribution,
  caches: PlanCaches,
  problems: Problem[],
): { letter: Letter; followUp?: { text: string; html: string } | undefined } {
  const { petition, templates } = input;
  const language = lt.language;
  const text = textIn(petition, language);
  if (!text) throw new Error(`no ${language} text`); // letterLanguage guarantees one
  const context = mergeContext(input, text, addressee, salutationIn(addressee, language), { language, isCopy, labels: lt.labels });
  const merge: Merge = { lt, context, caches, problems };
  const document = letterDocument(merge, petition, addressee, isCopy, mergedTexts(merge, petition, text), distribution);
  checkMergedHeaders(document, lt);
  const { text: letterText, html: bodyHtml } = textAndHtmlOnce(caches, lt.parts['letter.md'].render({ ...context, document }));
  const html = shared(caches.texts, templates.layout.render({ ...context, document, subject: document.subject, bodyHtml, lang: language }));
  const letter = letterOf(input, addressee, document, { text: letterText, html });
  return { letter, followUp: input.followUps && addressee.email && lt.followUp ? mergeFollowUp(caches, templates, lt, { ...context, document }) : undefined };
}

/** The reminder's text and HTML: its language's follow-up.md merged with what the letter's templates see. */
function mergeFollowUp(caches: PlanCaches, templates: TemplateSet, lt: LanguageTemplates, context: object & { document: LetterDocument }): { text: string; html: string } | undefined {
  if (!lt.followUp) return undefined;
  const { text, html: bodyHtml } = textAndHtmlOnce(caches, lt.followUp.render(context));
  const subject = replySubject(context.document.subject);
  return { text, html: shared(caches.texts, templates.layout.render({ ...context, subject, bodyHtml, lang: lt.language })) };
}

/** The petition's own text when `language` is its language, else its translation into `language`, if any. */
function textIn(petition: Petition, language: string): Petition | Translation | undefined {
  return language === petition.language ? petition : petition.translations.find((t) => t.language === language);
}

function salutationIn(addressee: Addressee, language: string): string {
  const salutation = Object.hasOwn(addressee.salutation, language) ? addressee.salutation[language] : undefined;
  if (!salutation)
    throw new MergeError(
      problem(addressee.source.file, addressee.source.line, `addressees.${addressee.id}.salutation.${language}`, `no "${language}" salutation for a ${language} letter`, `add salutation.${language}`),
    );
  return salutation;
}

/** What the templates of one letter see: the petition in the letter's language, the addressee and the count. */
function mergeContext({ petition, tally }: PlanInput, text: Petition | Translation, addressee: Addressee, salutation: string, letter: { language: string; isCopy: boolean; labels: Labels }) {
  const { language } = letter;
  return compact({
    petition: {
      title: text.title,
      subject: text.subject,
      date: petition.date,
      place: petition.place,
      language: petition.language,
      petitioner: petition.petitioner,
    },
    addressee: {
      id: addressee.id,
      honorific: addressee.honorific,
      name: addressee.name,
      title: addressee.title,
      organization: addressee.organization,
      country: addressee.country,
      country_name: addressee.country ? countryName(addressee.country, language) : undefined,
      salutation,
      group: addressee.group,
    },
    signatures: {
      total: tally.total,
      unique: tally.unique,
      countries: tally.countries,
      declared: tally.declaredTotal,
      collected: tally.unique,
      organisations: tally.kind === 'organisation',
    },
    letter: { language, is_copy: letter.isCopy },
    labels: letter.labels,
  });
}

/** One letter's merge: its language's templates and context, the petition texts compiled so far, the problems. */
interface Merge {
  lt: LanguageTemplates;
  context: ReturnType<typeof mergeContext>;
  caches: PlanCaches;
  problems: Problem[];
}

const render = ({ lt, context }: Merge, part: keyof LanguageTemplates['parts']): string => lt.parts[part].render(context).trim();

/** A petition text merged with the letter's context; each text is compiled once per language and file. */
function mergeBody({ lt, context, caches, problems }: Merge, lang: string, source: { body: string; file: string; bodyLine: number }): string {
  const bodyCache = caches.bodies;
  const key = `${lang}:${source.file}`;
  let compiled = bodyCache.get(key);
  if (!bodyCache.has(key)) {
    compiled = compileText(lt, { path: source.file, text: source.body }, source.bodyLine - 1, problems);
    bodyCache.set(key, compiled);
  }
  return shared(caches.texts, compiled ? compiled(context).trim() : source.body.trim());
}

/** The body in the letter's language, then the petition's other texts it appends (its own language first). */
function mergedTexts(merge: Merge, petition: Petition, text: Petition | Translation): Pick<LetterDocument, 'body' | 'sections'> {
  const language = merge.lt.language;
  const body = mergeBody(merge, language, text);
  if (body === '') throw new MergeError(problem(text.file, text.bodyLine, 'body', 'the letter body is empty after merge', 'write the petition text below the front matter'));
  const sectionLanguages = [petition.language, ...petition.append].filter((l) => l !== language);
  const sections = sectionLanguages.flatMap((l) => {
    const t = textIn(petition, l);
    return t ? [{ language: l, title: t.title, body: mergeBody(merge, l, t) }] : [];
  });
  return { body, sections };
}

/** The letter as printed: every line from the data or a template, none typed. */
function letterDocument(
  merge: Merge,
  petition: Petition,
  addressee: Addressee,
  isCopy: boolean,
  { body, sections }: Pick<LetterDocument, 'body' | 'sections'>,
  distribution: LetterDistribution,
): LetterDocument {
  const { language } = merge.lt;
  return {
    language,
    letterhead: [petition.petitioner.name, ...petition.petitioner.address, ...[petition.petitioner.email, petition.petitioner.phone, petition.petitioner.website].filter((x): x is string => !!x)],
    placeAndDate: render(merge, 'dateline'),
    addresseeBlock: addresseeBlock(addressee, language),
    isCopy,
    copyNotice: isCopy ? render(merge, 'copy-notice') : undefined,
    subject: render(merge, 'subject'),
    salutation: render(merge, 'salutation'),
    body,
    sections,
    countSentence: render(merge, 'count'),
    closing: render(merge, 'closing'),
    signature: [petition.petitioner.signatory ?? petition.petitioner.name],
    distribution,
  };
}

function addresseeBlock(addressee: Addressee, language: string): string[] {
  return [
    `${addressee.honorific ? `${addressee.honorific} ` : ''}${addressee.name}`,
    addressee.title,
    ...(addressee.organization ? [addressee.organization] : []),
    ...(addressee.postal_address?.lines ?? []),
    ...(addressee.postal_address ? [countryName(addressee.postal_address.country, language)] : []),
    ...(!addressee.postal_address && !addressee.organization && whereLine(addressee, language) ? [whereLine(addressee, language)!] : []),
  ];
}

/** The merged letter with its mail envelope and attachments, and the hash of all of it (the ledger's contentHash). */
function letterOf(input: PlanInput, addressee: Addressee, document: LetterDocument, parts: { text: string; html: string }): Letter {
  const { petition, tally } = input;
  const language = document.language;
  const id = `${petition.slug}/${addressee.id}/${language}`;
  const attachments: LetterAttachmentPlan[] = [
    { filename: `${addressee.id}.${language}.pdf`, kind: 'letter-pdf' },
    ...(tally.rows > 0 || tally.declaredTotal > 0 ? [{ filename: `${petition.slug}.annex.pdf`, kind: 'annex-pdf' as const }] : []),
    ...(document.distribution.annex ? [{ filename: `${petition.slug}.distribution.pdf`, kind: 'distribution-pdf' as const }] : []),
    ...petition.attachments.map((a) => ({ filename: a.path.split('/').pop() ?? a.path, kind: 'file' as const, path: a.path })),
  ];
  const from: MailAddress | undefined = petition.petitioner.email ? { name: petition.petitioner.name, address: petition.petitioner.email } : undefined;
  const replyTo: MailAddress | undefined = petition.petitioner.reply_to ? { name: petition.petitioner.name, address: petition.petitioner.reply_to } : undefined;
  const to: MailAddress[] = addressee.email ? [{ name: addressee.name, address: addressee.email }] : [];
  const letter: Omit<Letter, 'contentHash' | 'roster'> = {
    id,
    petition: petition.slug,
    addresseeId: addressee.id,
    group: addressee.group,
    language,
    channel: addressee.email ? 'email' : 'print',
    from,
    replyTo,
    to,
    cc: [],
    subject: document.subject,
    text: parts.text,
    html: parts.html,
    document,
    attachments,
  };
  // Hashed with the letter: the files it encloses or is made from, and what the signature annex says beyond the count.
  const annex = attachments.some((a) => a.kind === 'annex-pdf') ? { title: petition.title, declared: petition.signatures.declared } : undefined;
  const hashed = { ...letter, enclosures: input.enclosures ?? [], ...(annex ? { annex } : {}) };
  return { ...letter, contentHash: sha256(canonicalJson(hashed)), roster: rosterRef(input.roster) };
}

export const rosterRef = (roster: Roster): RosterRef => ({ id: roster.id, file: roster.file, sha256: roster.sha256 });

/** A subject or salutation is a header line whatever its template does: the text policy's characters hold for the
 *  merged text (its length follows from the limits on what is merged into it). */
function checkMergedHeaders(document: LetterDocument, lt: LanguageTemplates): void {
  for (const part of ['subject', 'salutation'] as const) {
    const fault = checkText(document[part], 'header', Infinity);
    if (fault) throw new MergeError(problem(lt.parts[part].file.path, undefined, part, `the merged ${part} ${fault.message}`, fault.hint));
  }
}

/** What a plan computes once and shares between its letters. */
interface PlanCaches {
  /** Each petition text compiled, by language and file. */
  bodies: Map<string, ReturnType<typeof compileText>>;
  /** The text and HTML of a letter's Markdown, by the Markdown: letters that say the same (the same salutation, body and
   *  list, as most letters of a campaign do) are lexed once and share their parts. */
  parts: Map<string, { text: string; html: string }>;
  /** Merged texts by their content, so that equal texts of different letters are one string in memory. */
  texts: Map<string, string>;
  /** The inline tokens of paragraphs seen before (core/markdown-lexer.ts). */
  inline: InlineCache;
}

/** The one copy of `text` this plan keeps (bounded like the parts: a text beyond it is kept as it is). */
function shared(cache: PlanCaches['texts'], text: string): string {
  const known = cache.get(text);
  if (known !== undefined) return known;
  if (cache.size >= PARTS_CACHE_SIZE) cache.clear();
  cache.set(text, text);
  return text;
}

/** How many distinct letters' parts a plan keeps; beyond it, a letter is lexed anew (memory stays bounded). */
const PARTS_CACHE_SIZE = 256;

function textAndHtmlOnce(caches: PlanCaches, markdown: string): { text: string; html: string } {
  const cache = caches.parts;
  let parts = cache.get(markdown);
  if (!parts) {
    parts = textAndHtml(markdown, caches.inline);
    if (cache.size >= PARTS_CACHE_SIZE) cache.clear();
    cache.set(markdown, parts);
  }
  return parts;
}

/** The text/plain and HTML parts from one lex of the letter's Markdown; raw HTML in a petition is shown as text. */
export function textAndHtml(markdown: string, inline: InlineCache = new Map()): { text: string; html: string } {
  const tokens = unlinkUnsafeLinks(memoLexer({ gfm: true, breaks: true }, inline).lex(markdown));
  const text = tokensToPlainText(tokens);
  const html = new Parser({ gfm: true, breaks: true }).parse(escapeHtmlTokens(tokens));
  return { text, html };
}

/** A link to anything but http, https or mailto (javascript:, data:, file: …) becomes its text, in both parts. */
function unlinkUnsafeLinks(tokens: Token[]): Token[] {
  walkTokens(tokens, (t) => {
    if (t.type !== 'link' || isSafeLink((t as Tokens.Link).href)) return;
    const link = t as Tokens.Link;
    Object.assign(t, { type: 'text', text: link.text, tokens: link.tokens, escaped: false } as Partial<Tokens.Text>);
  });
  return tokens;
}

/** Raw HTML tokens become escaped text, so a petition can never inject markup into the email. */
function escapeHtmlTokens(tokens: Token[]): Token[] {
  const escape = (raw: string) => raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  walkTokens(tokens, (t) => {
    if (t.type === 'image') {
      const alt = (t as Tokens.Image).text;
      Object.assign(t, { type: 'text', text: alt ? `[${escape(alt)}]` : '', escaped: true, tokens: undefined });
    } else if (t.type === 'html') {
      const token = t as Tokens.HTML | Tokens.Tag;
      Object.assign(token, { type: 'text', text: escape(token.raw), escaped: true } as Partial<Tokens.Text>);
    }
  });
  return tokens;
}

function walkTokens(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    if ('tokens' in t && Array.isArray(t.tokens)) walkTokens(t.tokens, visit);
    if (t.type === 'list') for (const item of (t as Tokens.List).items) walkTokens(item.tokens, visit);
  }
}

/** Drops empty strings, nulls and undefined so that strict templates report them as missing instead of printing blanks. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact).filter((v) => v !== undefined) as T;
  if (value && typeof value === 'object') {
    const kept = Object.entries(value).filter(([, v]) => !(v === undefined || v === null || (typeof v === 'string' && v.trim() === '')));
    return Object.fromEntries(kept.map(([k, v]) => [k, compact(v)])) as T; // fromEntries: a `__proto__` key stays a key
  }
  return value;
}

function dedupeProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}|${p.line}|${p.field}|${p.message.replace(/ \(letter to [^)]+\)$/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
