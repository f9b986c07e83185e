// The JSON contract: every `--json` output and manifest.json, each declared here with its version, its keys in one
// casing (snake_case, as the YAML inputs). The mappers name each key on purpose, never by a blind key converter: maps
// keyed by data (countries, sources, days, statuses, columns) keep their keys as they are. The JSON Schemas are in
// json-schemas.ts. The ledger's records are not here: they are the journal's own format (core/delivery/ledger.ts).
import type { FollowUpPlan } from './follow-up.js';
import { signatureSummary, type PetitionPlan } from './campaign.js';
import type { AnniversaryDecision } from './delivery/anniversary.js';
import type { LedgerCheck, LedgerDamage } from './delivery/ledger-scan.js';
import type { LedgerRecovery } from './delivery/ledger-recovery.js';
import { lettersByStatus, type LedgerRecord, type LetterStatus, type PostEvent } from './delivery/ledger.js';
import type { DeliveryOutcome, DeliveryReport, DeliveryReports, OutcomeStatus } from './delivery/report.js';
import type { RosterUse, StatusReport, StatusRow } from './delivery/status.js';
import type { SourceSuggestion } from './signatures/suggest-mapping.js';
import type { Channel, DeclaredTally, Letter, LetterAttachmentPlan, MailAddress, Problem, Reject, RejectReason, RosterRef, SignatureTally } from './types.js';

/** The version of every `--json` output; it changes when a key is renamed or removed, not when one is added. */
export const JSON_OUTPUT_VERSION = 1;
/** manifest.json's version. 1 had camelCase letter fields (`contentHash`, `delivery.messageId`); it is still read. */
export const MANIFEST_VERSION = 2;

// ---------------------------------------------------------------------------------------------------------------------
// manifest.json

export type ManifestFileKind = LetterAttachmentPlan['kind'] | 'eml';

export interface ManifestFile {
  /** Relative to the archive folder, forward slashes. */
  path: string;
  sha256: string;
  kind: ManifestFileKind;
}

export interface ManifestDelivery {
  status: LetterStatus;
  message_id?: string | undefined;
  response?: string | undefined;
  reason?: string | undefined;
  at: string;
  attempts: number;
}

export interface ManifestLetter {
  id: string;
  petition: string;
  addressee: string;
  name: string;
  language: string;
  channel: Channel;
  subject: string;
  content_hash: string;
  /** The roster the letter was planned from. */
  roster?: RosterRef | undefined;
  files: ManifestFile[];
  signatures: Record<string, unknown>;
  delivery?: ManifestDelivery | undefined;
}

export interface ManifestPetition {
  slug: string;
  [field: string]: unknown;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  generated_at: string;
  petitions: ManifestPetition[];
  letters: ManifestLetter[];
}

// ---------------------------------------------------------------------------------------------------------------------
// A problem, as preview's warnings list it

export interface ProblemJson {
  severity: Problem['severity'];
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  field?: string | undefined;
  message: string;
  hint?: string | undefined;
}

const problemJson = (p: Problem): ProblemJson => ({ severity: p.severity, file: p.file, line: p.line, column: p.column, field: p.field, message: p.message, hint: p.hint });

// ---------------------------------------------------------------------------------------------------------------------
// preview --json

export interface PreviewLetterJson {
  id: string;
  petition: string;
  addressee: string;
  group: string;
  language: string;
  channel: Channel;
  from: MailAddress | undefined;
  reply_to: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  is_copy: boolean;
  address: string[];
  attachments: string[];
  text: string;
  content_hash: string;
}

export interface PreviewSummaryJson {
  petition: string;
  roster: string;
  roster_as_of: string;
  letters: number;
  email: number;
  print: number;
  signatures: { total: number; unique: number; declared: number; countries: number; invalid: number; duplicates: number };
  states_without_addressee: { code: string; name: string }[];
}

export interface PreviewJson {
  version: typeof JSON_OUTPUT_VERSION;
  letters: PreviewLetterJson[];
  summary: PreviewSummaryJson[];
  warnings: ProblemJson[];
}

export function previewJson(plans: readonly PetitionPlan[], warnings: readonly Problem[]): PreviewJson {
  return {
    version: JSON_OUTPUT_VERSION,
    letters: plans.flatMap((p) => p.letters).map(previewLetterJson),
    summary: plans.map(previewSummaryJson),
    warnings: warnings.map(problemJson),
  };
}

function previewLetterJson(letter: Letter): PreviewLetterJson {
  return {
    id: letter.id,
    petition: letter.petition,
    addressee: letter.addresseeId,
    group: letter.group,
    language: letter.language,
    channel: letter.channel,
    from: letter.from,
    reply_to: letter.replyTo,
    to: letter.to,
    cc: letter.cc,
    subject: letter.subject,
    is_copy: letter.document.isCopy,
    address: letter.document.addresseeBlock,
    attachments: letter.attachments.map((a) => a.filename),
    text: letter.text,
    content_hash: letter.contentHash,
  };
}

function previewSummaryJson(p: PetitionPlan): PreviewSummaryJson {
  return {
    petition: p.petition.slug,
    roster: p.roster.id,
    roster_as_of: p.roster.as_of,
    letters: p.letters.length,
    email: p.letters.filter((l) => l.channel === 'email').length,
    print: p.letters.filter((l) => l.channel === 'print').length,
    signatures: { total: p.tally.total, unique: p.tally.unique, declared: p.tally.declaredTotal, countries: p.tally.countries, invalid: p.tally.invalid, duplicates: p.tally.duplicates },
    states_without_addressee: p.uncoveredStates.map((s) => ({ code: s.code, name: s.name })),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// count --json

export interface TallyJson {
  kind: SignatureTally['kind'];
  total: number;
  unique: number;
  declared_total: number;
  countries: number;
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Keyed by reject reason (`bad-email` …). */
  invalid_by_reason: Partial<Record<RejectReason, number>>;
  /** Keyed by ISO country code. */
  by_country: Record<string, number>;
  /** Keyed by source label. */
  by_source: Record<string, number>;
  /** Keyed by YYYY-MM-DD (UTC). */
  by_day: Record<string, number>;
  declared: DeclaredTally[];
  rejects: Reject[];
}

export interface CountJson {
  version: typeof JSON_OUTPUT_VERSION;
  counts: ({ name: string } & TallyJson)[];
}

export function countJson(counted: readonly { name: string; tally: SignatureTally }[]): CountJson {
  return { version: JSON_OUTPUT_VERSION, counts: counted.map((c) => ({ name: c.name, ...tallyJson(c.tally) })) };
}

/** A tally, keys in a stable order. */
export function tallyJson(tally: SignatureTally): TallyJson {
  return {
    kind: tally.kind,
    total: tally.total,
    unique: tally.unique,
    declared_total: tally.declaredTotal,
    countries: tally.countries,
    rows: tally.rows,
    valid: tally.valid,
    invalid: tally.invalid,
    duplicates: tally.duplicates,
    invalid_by_reason: tally.invalidByReason,
    by_country: tally.byCountry,
    by_source: tally.bySource,
    by_day: tally.byDay,
    declared: tally.declared.map((d) => ({ source: d.source, count: d.count, country: d.country, note: d.note })),
    rejects: tally.rejects.map((r) => ({ source: r.source, row: r.row, reason: r.reason, detail: r.detail })),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// count FILE… --suggest-mapping --json

/** A source entry as it goes under `signatures:` → `sources:` in a petition's front matter (the YAML's own keys). */
export interface SourceEntryJson {
  path: string;
  label: string;
  delimiter: string;
  encoding: string;
  /** Keyed by field (`name`, `email`, `signed_at` …): the column, or for `name` the columns joined. */
  columns: Record<string, string | string[]>;
}

export interface SuggestionJson {
  file: string;
  rows_read: number;
  source: SourceEntryJson;
  why: { path: string; label: string; delimiter: string; encoding: string; columns: Record<string, string> };
  unplaced: { column: string; why?: string | undefined }[];
}

export interface SuggestMappingJson {
  version: typeof JSON_OUTPUT_VERSION;
  suggestions: SuggestionJson[];
}

/** The source entry of one suggestion, as it goes into the front matter (the YAML report prints the same). */
export function sourceEntry(s: SourceSuggestion): SourceEntryJson {
  const columns = Object.fromEntries(s.columns.columns.map((c) => [c.field, c.field === 'name' && c.columns.length > 1 ? c.columns : (c.columns[0] ?? '')]));
  return { path: s.path.value, label: s.label.value, delimiter: s.delimiter.value, encoding: s.encoding.value, columns };
}

export function suggestMappingJson(suggestions: readonly SourceSuggestion[]): SuggestMappingJson {
  return {
    version: JSON_OUTPUT_VERSION,
    suggestions: suggestions.map((s) => ({
      file: s.file,
      rows_read: s.rowsRead,
      source: sourceEntry(s),
      why: {
        path: s.path.why,
        label: s.label.why,
        delimiter: s.delimiter.why,
        encoding: s.encoding.why,
        columns: Object.fromEntries(s.columns.columns.map((c) => [c.field, c.why])),
      },
      unplaced: s.columns.unplaced.map((u) => ({ column: u.column, why: u.why })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// render --json: the letters as manifest.json now lists them

export interface RenderJson {
  version: typeof JSON_OUTPUT_VERSION;
  out: string;
  letters: ManifestLetter[];
}

export const renderJson = (out: string, letters: ManifestLetter[]): RenderJson => ({ version: JSON_OUTPUT_VERSION, out, letters });

// ---------------------------------------------------------------------------------------------------------------------
// review --json

export interface ReviewJson {
  version: typeof JSON_OUTPUT_VERSION;
  /** The site folder, as shown to the user. */
  out: string;
  index: string;
  letters: { id: string; page: string; state: 'approved' | 'pending' | 'changed' }[];
}

export const reviewJson = (out: string, index: string, letters: readonly { id: string; page: string; state: 'approved' | 'pending' | 'changed' }[]): ReviewJson => ({
  version: JSON_OUTPUT_VERSION,
  out,
  index,
  letters: letters.map((l) => ({ id: l.id, page: l.page, state: l.state })),
});

// ---------------------------------------------------------------------------------------------------------------------
// send --json

export interface OutcomeJson {
  id: string;
  addressee: string;
  name: string;
  to: string[];
  action: DeliveryOutcome['action'];
  status: OutcomeStatus;
  reason: string;
  message_id?: string | undefined;
  response?: string | undefined;
  at?: string | undefined;
  attempts: number;
  hint?: string | undefined;
}

/** The anniversary guard's decision (core/delivery/anniversary.ts); which fields are there depends on `action`. */
export interface AnniversaryJson {
  action: AnniversaryDecision['action'];
  exit_code: number;
  message: string;
  anniversary?: string | undefined;
  year?: number | undefined;
  next?: string | undefined;
  days_until?: number | undefined;
  warning?: string | undefined;
  hint?: string | undefined;
  sent?: string[] | undefined;
  failed?: string[] | undefined;
  unsent?: string[] | undefined;
  unknown?: string[] | undefined;
}

export interface DeliveryReportJson {
  run_id: string;
  out: string;
  test_mode: boolean;
  test_to?: string | undefined;
  idle?: string | undefined;
  anniversary?: AnniversaryJson | undefined;
  outcomes: OutcomeJson[];
  /** Keyed by outcome status (`not-attempted` is a status, so it keeps its hyphen). */
  counts: Record<OutcomeStatus, number>;
  stopped?: string | undefined;
  /** Whether the accepted messages asked for delivery reports (RFC 3461 DSN); absent when none was accepted. */
  delivery_reports?: DeliveryReports | undefined;
  /** Each real letter's MAIL FROM named it (SMTP_RETURN_PATH); absent when not. */
  return_path?: boolean | undefined;
  warnings: string[];
}

export interface SendJson {
  version: typeof JSON_OUTPUT_VERSION;
  reports: DeliveryReportJson[];
}

/** `follow-up --json` adds to send's: the day count, and each letter not reminded with why. */
export interface FollowUpJson {
  after_days: number;
  due: string[];
  not_due: { id: string; reason: string }[];
}

export const followUpJson = (afterDays: number, plans: readonly FollowUpPlan[]): FollowUpJson => ({
  after_days: afterDays,
  due: plans.flatMap((p) => p.due.map((l) => l.id)),
  not_due: plans.flatMap((p) => p.notDue),
});

export const sendJson = (reports: readonly DeliveryReport[]): SendJson => ({ version: JSON_OUTPUT_VERSION, reports: reports.map(deliveryReportJson) });

function deliveryReportJson(r: DeliveryReport): DeliveryReportJson {
  return {
    run_id: r.runId,
    out: r.out,
    test_mode: r.testMode,
    test_to: r.testTo,
    idle: r.idle,
    anniversary: r.anniversary && anniversaryJson(r.anniversary),
    outcomes: r.outcomes.map(outcomeJson),
    counts: r.counts,
    stopped: r.stopped,
    delivery_reports: r.deliveryReports,
    return_path: r.returnPath,
    warnings: r.warnings,
  };
}

function outcomeJson(o: DeliveryOutcome): OutcomeJson {
  return {
    id: o.id,
    addressee: o.addressee,
    name: o.name,
    to: o.to,
    action: o.action,
    status: o.status,
    reason: o.reason,
    message_id: o.messageId,
    response: o.response,
    at: o.at,
    attempts: o.attempts,
    hint: o.hint,
  };
}

export function anniversaryJson(d: AnniversaryDecision): AnniversaryJson {
  // Every variant's own fields, the ones a variant lacks undefined (and so left out of the JSON).
  const f: { anniversary?: string; year?: number; next?: string; daysUntil?: number; warning?: string; hint?: string; sent?: string[]; failed?: string[]; unsent?: string[]; unknown?: string[] } = d;
  return {
    action: d.action,
    exit_code: d.exitCode,
    message: d.message,
    anniversary: f.anniversary,
    year: f.year,
    next: f.next,
    days_until: f.daysUntil,
    warning: f.warning,
    hint: f.hint,
    sent: f.sent,
    failed: f.failed,
    unsent: f.unsent,
    unknown: f.unknown,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// status --json

export interface StatusRowJson {
  id: string;
  addressee: string;
  status: StatusRow['status'];
  channel?: Channel | undefined;
  rendered: boolean;
  post?: { state: 'posted' | 'returned'; on: string; posted_on: string; tracking?: string | undefined; service?: string | undefined; reason?: string | undefined; times_posted: number } | undefined;
  time?: string | undefined;
  message_id?: string | undefined;
  response?: string | undefined;
  reason?: string | undefined;
  attempts: number;
  times_sent: number;
  roster?: RosterRef | undefined;
  hint?: string | undefined;
  delivery_report?: StatusRow['deliveryReport'];
  reply?: StatusRow['reply'];
}

export interface StatusJson {
  version: typeof JSON_OUTPUT_VERSION;
  letters: StatusRowJson[];
  rosters: RosterUse[];
  warnings: string[];
}

export function statusJson(report: StatusReport): StatusJson {
  return {
    version: JSON_OUTPUT_VERSION,
    letters: report.letters.map((r) => ({
      id: r.id,
      addressee: r.addressee,
      status: r.status,
      channel: r.channel,
      rendered: r.rendered ?? false,
      post: r.post && { state: r.post.state, on: r.post.on, posted_on: r.post.postedOn, tracking: r.post.tracking, service: r.post.service, reason: r.post.reason, times_posted: r.post.timesPosted },
      time: r.time,
      message_id: r.messageId,
      response: r.response,
      reason: r.reason,
      attempts: r.attempts,
      times_sent: r.timesSent,
      roster: r.roster,
      hint: r.hint,
      delivery_report: r.deliveryReport,
      reply: r.reply,
    })),
    rosters: report.rosters,
    warnings: report.warnings,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// ledger check --json, ledger recover --json, ledger settle --json

export interface LedgerCheckJson {
  version: typeof JSON_OUTPUT_VERSION;
  ledger: string;
  exists: boolean;
  clean: boolean;
  records: number;
  letters: Record<LetterStatus, number> & { total: number };
  torn_last_line: number | null;
  closed_torn_lines: number[];
  problems: { line: number | null; field: string | null; message: string }[];
}

export function ledgerCheckJson(check: LedgerCheck): LedgerCheckJson {
  return {
    version: JSON_OUTPUT_VERSION,
    ledger: check.ledger,
    exists: check.scan !== undefined,
    clean: check.problems.length === 0,
    records: check.scan?.records.length ?? 0,
    letters: lettersByStatus(check.scan?.records ?? []),
    torn_last_line: check.scan?.tornLastLine ?? null,
    closed_torn_lines: check.scan?.closedTornLines ?? [],
    problems: check.problems.map((p) => ({ line: p.line ?? null, field: p.field ?? null, message: p.message })),
  };
}

export interface LedgerRecoverJson {
  version: typeof JSON_OUTPUT_VERSION;
  ledger: string;
  changed: boolean;
  missing: boolean;
  damaged_lines: { line: number; field: string | null; message: string }[];
  moved_to: string | null;
  kept_records: number;
  recovered: { letter: string; event: string; proven_by: string | null; message_id: string | null; at: string }[];
}

export function ledgerRecoverJson(result: LedgerRecovery, ledger: string): LedgerRecoverJson {
  return {
    version: JSON_OUTPUT_VERSION,
    ledger,
    changed: result.changed,
    missing: result.missing,
    damaged_lines: result.damage.map((d: LedgerDamage) => ({ line: d.line, field: d.field ?? null, message: d.message })),
    moved_to: result.movedTo ?? null,
    kept_records: result.kept,
    recovered: result.recovered.map((r) => ({ letter: r.letter, event: r.event, proven_by: r.recovered ?? null, message_id: r.messageId ?? null, at: r.at })),
  };
}

export interface LedgerSettleJson {
  version: typeof JSON_OUTPUT_VERSION;
  letter: string;
  settled_as: 'delivered' | 'not-delivered';
  at: string;
  ledger: string;
}

export const ledgerSettleJson = (settled: Omit<LedgerSettleJson, 'version'>): LedgerSettleJson => ({ version: JSON_OUTPUT_VERSION, ...settled });

// ---------------------------------------------------------------------------------------------------------------------
// posted --json, returned --json

export interface PostJson {
  version: typeof JSON_OUTPUT_VERSION;
  ledger: string;
  event: PostEvent;
  recorded: { letter: string; event: PostEvent; on: string; tracking?: string | undefined; service?: string | undefined; reason?: string | undefined; content_hash: string }[];
  /** Letters the ledger already held with these facts: nothing added. */
  already: string[];
  warnings: string[];
}

export function postJson(event: PostEvent, ledger: string, recorded: readonly LedgerRecord[], already: readonly string[], warnings: readonly string[]): PostJson {
  return {
    version: JSON_OUTPUT_VERSION,
    ledger,
    event,
    recorded: recorded.map((r) => ({
      letter: r.letter,
      event,
      on: r.post?.on ?? r.at.slice(0, 10),
      tracking: r.post?.tracking,
      service: r.post?.service,
      reason: r.reason,
      content_hash: r.contentHash,
    })),
    already: [...already],
    warnings: [...warnings],
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// init --json

export interface InitJson {
  version: typeof JSON_OUTPUT_VERSION;
  folder: string;
  slug: string;
  /** The roster file, relative to the campaign folder. */
  roster: string;
  /** Every file written, relative to the campaign folder. */
  files: string[];
}

export const initJson = (made: Omit<InitJson, 'version'>): InitJson => ({ version: JSON_OUTPUT_VERSION, ...made });

/** A petition as manifest.json records it: render and send write the same entry. */
export function manifestPetition(plan: PetitionPlan): ManifestPetition {
  const { petition, roster } = plan;
  return { slug: petition.slug, title: petition.title, date: petition.date, roster: roster.id, roster_as_of: roster.as_of, signatures: signatureSummary(plan) };
}

// ---------------------------------------------------------------------------------------------------------------------
// print --json: per petition, what its print pack holds and which letters still lack a postal address

export interface PrintPackJson {
  petition: string;
  /** The pack's PDF and labels file, as shown to the user; absent when no letter could be printed. */
  pdf?: string | undefined;
  addresses_csv?: string | undefined;
  letters: number;
  pages: number;
  sheets: number;
  envelopes: { total: number; by_country: Record<string, number> };
  address_needed: { id: string; addressee: string; name: string }[];
  /** Files the letters enclose that the pack does not hold (the distribution list, a petition's own file): by hand. */
  enclose_by_hand: string[];
}

export interface PrintJson {
  version: typeof JSON_OUTPUT_VERSION;
  out: string;
  paper: string;
  envelope: string;
  duplex: boolean;
  annex: 'each' | 'once';
  margin_mm: number;
  max_pages: number;
  packs: PrintPackJson[];
}

export const printJson = (print: Omit<PrintJson, 'version'>): PrintJson => ({ version: JSON_OUTPUT_VERSION, ...print });
