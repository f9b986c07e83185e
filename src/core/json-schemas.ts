// JSON Schemas (draft-07, as Ajv reads by default) of every `--json` output and of manifest.json, one per output,
// closed (`additionalProperties: false`) wherever the shape is ours; maps keyed by data (countries, sources, days,
// reject reasons) are open. The types and mappers they describe are in json.ts; tests/cli/json-contract.test.ts runs
// each command and validates what it prints against these.
import { emptyCounts } from './delivery/report.js';
import { JSON_OUTPUT_VERSION, MANIFEST_VERSION } from './json.js';
import { SOURCE_COLUMN_FIELDS } from './petition-schema.js';

type Schema = Record<string, unknown>;

const DRAFT = 'http://json-schema.org/draft-07/schema#';
const str: Schema = { type: 'string' };
const count: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: str };
const nullable = (type: 'string' | 'integer'): Schema => ({ type: [type, 'null'] });
const list = (items: Schema): Schema => ({ type: 'array', items });
const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
/** An object of ours: only these keys, the `required` ones always there. */
const closed = (required: readonly string[], properties: Record<string, Schema>): Schema => ({ type: 'object', additionalProperties: false, required: [...required], properties });
/** An object keyed by data (a country code, a source label, a day): any key, each value of this schema. */
const keyedByData = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });
const output = (title: string, version: number, required: readonly string[], properties: Record<string, Schema>): Schema => ({
  $schema: DRAFT,
  title,
  ...closed(['version', ...required], { version: { const: version }, ...properties }),
});

const channel = oneOf(['email', 'print']);
const mailAddress = closed(['name', 'address'], { name: str, address: str });
const rosterRef = closed(['id', 'file'], { id: str, file: str, sha256: str });
const problem = closed(['severity', 'file', 'message'], { severity: oneOf(['error', 'warning']), file: str, line: count, column: count, field: str, message: str, hint: str });
const ledgerStatus = oneOf(['queued', 'sent', 'failed', 'unknown']);

// ---------------------------------------------------------------------------------------------------------------------
// manifest.json (and render --json, which prints its letters)

const signatureSummary = closed([], { total: count, unique: count, declared: count, rows: count, invalid: count, duplicates: count, countries: count, kind: oneOf(['person', 'organisation']) });

const manifestLetter = closed(['id', 'petition', 'addressee', 'name', 'language', 'channel', 'subject', 'content_hash', 'files', 'signatures'], {
  id: str,
  petition: str,
  addressee: str,
  name: str,
  language: str,
  channel,
  subject: str,
  content_hash: str,
  roster: rosterRef,
  files: list(closed(['path', 'sha256', 'kind'], { path: str, sha256: str, kind: oneOf(['letter-pdf', 'annex-pdf', 'distribution-pdf', 'file', 'eml']) })),
  signatures: signatureSummary,
  delivery: closed(['status', 'at', 'attempts'], { status: ledgerStatus, message_id: str, response: str, reason: str, at: str, attempts: count }),
});

const manifestPetition = closed(['slug'], { slug: str, title: str, date: str, roster: str, roster_as_of: str, signatures: signatureSummary });

const manifest = output('manifest.json', MANIFEST_VERSION, ['generated_at', 'petitions', 'letters'], { generated_at: str, petitions: list(manifestPetition), letters: list(manifestLetter) });

const render = output('petition render --json', JSON_OUTPUT_VERSION, ['out', 'letters'], { out: str, letters: list(manifestLetter) });

// ---------------------------------------------------------------------------------------------------------------------
// preview --json

const previewLetter = closed(['id', 'petition', 'addressee', 'group', 'language', 'channel', 'to', 'cc', 'subject', 'is_copy', 'address', 'attachments', 'text', 'content_hash'], {
  id: str,
  petition: str,
  addressee: str,
  group: str,
  language: str,
  channel,
  from: mailAddress,
  reply_to: mailAddress,
  to: list(mailAddress),
  cc: list(mailAddress),
  subject: str,
  is_copy: bool,
  address: strings,
  attachments: strings,
  text: str,
  content_hash: str,
});

const previewSummary = closed(['petition', 'roster', 'roster_as_of', 'letters', 'email', 'print', 'signatures', 'states_without_addressee'], {
  petition: str,
  roster: str,
  roster_as_of: str,
  letters: count,
  email: count,
  print: count,
  signatures: closed(['total', 'unique', 'declared', 'countries', 'invalid', 'duplicates'], { total: count, unique: count, declared: count, countries: count, invalid: count, duplicates: count }),
  states_without_addressee: list(closed(['code', 'name'], { code: str, name: str })),
});

const preview = output('petition preview --json', JSON_OUTPUT_VERSION, ['letters', 'summary', 'warnings'], { letters: list(previewLetter), summary: list(previewSummary), warnings: list(problem) });

// ---------------------------------------------------------------------------------------------------------------------
// count --json, count FILE… --suggest-mapping --json

const tallyProperties: Record<string, Schema> = {
  kind: oneOf(['person', 'organisation']),
  total: count,
  unique: count,
  declared_total: count,
  countries: count,
  rows: count,
  valid: count,
  invalid: count,
  duplicates: count,
  invalid_by_reason: keyedByData(count),
  by_country: keyedByData(count),
  by_source: keyedByData(count),
  by_day: keyedByData(count),
  declared: list(closed(['source', 'count'], { source: str, count, country: str, note: str })),
  rejects: list(closed(['source', 'row', 'reason', 'detail'], { source: str, row: count, reason: str, detail: str })),
};

const countOutput = output('petition count --json', JSON_OUTPUT_VERSION, ['counts'], {
  counts: list(closed(['name', ...Object.keys(tallyProperties)], { name: str, ...tallyProperties })),
});

const sourceColumns = (values: Schema): Schema => closed([], Object.fromEntries(SOURCE_COLUMN_FIELDS.map((field) => [field, values])));

const suggestMapping = output('petition count FILE… --suggest-mapping --json', JSON_OUTPUT_VERSION, ['suggestions'], {
  suggestions: list(
    closed(['file', 'rows_read', 'source', 'why', 'unplaced'], {
      file: str,
      rows_read: count,
      source: closed(['path', 'label', 'delimiter', 'encoding', 'columns'], {
        path: str,
        label: str,
        delimiter: str,
        encoding: str,
        columns: sourceColumns({ type: ['string', 'array'], items: str }),
      }),
      why: closed(['path', 'label', 'delimiter', 'encoding', 'columns'], { path: str, label: str, delimiter: str, encoding: str, columns: sourceColumns(str) }),
      unplaced: list(closed(['column'], { column: str, why: str })),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------------------------------
// send --json

const outcomeStatuses = Object.keys(emptyCounts());

const anniversary = closed(['action', 'exit_code', 'message'], {
  action: oneOf(['send', 'send-late', 'wait', 'already-sent', 'missed']),
  exit_code: count,
  message: str,
  anniversary: str,
  year: count,
  next: str,
  days_until: count,
  warning: str,
  hint: str,
  sent: strings,
  failed: strings,
  unsent: strings,
  unknown: strings,
});

const outcome = closed(['id', 'addressee', 'name', 'to', 'action', 'status', 'reason', 'attempts'], {
  id: str,
  addressee: str,
  name: str,
  to: strings,
  action: str,
  status: oneOf(outcomeStatuses),
  reason: str,
  message_id: str,
  response: str,
  at: str,
  attempts: count,
  hint: str,
});

const deliveryReport = closed(['run_id', 'out', 'test_mode', 'outcomes', 'counts', 'warnings'], {
  run_id: str,
  out: str,
  test_mode: bool,
  test_to: str,
  idle: str,
  anniversary,
  outcomes: list(outcome),
  counts: closed(outcomeStatuses, Object.fromEntries(outcomeStatuses.map((s) => [s, count]))),
  stopped: str,
  delivery_reports: oneOf(['requested', 'not-offered', 'mixed']),
  return_path: bool,
  warnings: strings,
});

const send = output('petition send --json', JSON_OUTPUT_VERSION, ['reports'], { reports: list(deliveryReport) });

const followUp = output('petition follow-up --json', JSON_OUTPUT_VERSION, ['reports', 'follow_up'], {
  reports: list(deliveryReport),
  follow_up: closed(['after_days', 'due', 'not_due'], { after_days: count, due: strings, not_due: list(closed(['id', 'reason'], { id: str, reason: str })) }),
});

// ---------------------------------------------------------------------------------------------------------------------
// status --json

const statusRow = closed(['id', 'addressee', 'status', 'rendered', 'attempts', 'times_sent'], {
  id: str,
  addressee: str,
  status: oneOf(['queued', 'sent', 'failed', 'unknown', 'not sent', 'changed', 'print', 'posted', 'returned']),
  channel,
  rendered: bool,
  post: closed(['state', 'on', 'posted_on', 'times_posted'], { state: oneOf(['posted', 'returned']), on: str, posted_on: str, tracking: str, service: str, reason: str, times_posted: count }),
  time: str,
  message_id: str,
  response: str,
  reason: str,
  attempts: count,
  times_sent: count,
  roster: rosterRef,
  hint: str,
  delivery_report: closed(['state', 'date'], { state: oneOf(['delivered', 'delayed', 'bounced']), date: str, status: str, diagnostic: str }),
  reply: closed(['state', 'date'], { state: oneOf(['replied', 'auto-replied']), date: str, from: str, excerpt: str }),
});

const status = output('petition status --json', JSON_OUTPUT_VERSION, ['letters', 'rosters', 'warnings'], {
  letters: list(statusRow),
  rosters: list(closed(['id', 'file', 'letters'], { id: str, file: str, sha256: str, letters: count })),
  warnings: strings,
});

// ---------------------------------------------------------------------------------------------------------------------
// ledger check|recover|settle --json

const ledgerCheck = output('petition ledger check --json', JSON_OUTPUT_VERSION, ['ledger', 'exists', 'clean', 'records', 'letters', 'torn_last_line', 'closed_torn_lines', 'problems'], {
  ledger: str,
  exists: bool,
  clean: bool,
  records: count,
  letters: closed(['total', 'sent', 'failed', 'unknown', 'queued'], { total: count, sent: count, failed: count, unknown: count, queued: count }),
  torn_last_line: nullable('integer'),
  closed_torn_lines: list(count),
  problems: list(closed(['line', 'field', 'message'], { line: nullable('integer'), field: nullable('string'), message: str })),
});

const ledgerRecover = output('petition ledger recover --json', JSON_OUTPUT_VERSION, ['ledger', 'changed', 'missing', 'damaged_lines', 'moved_to', 'kept_records', 'recovered'], {
  ledger: str,
  changed: bool,
  missing: bool,
  damaged_lines: list(closed(['line', 'field', 'message'], { line: count, field: nullable('string'), message: str })),
  moved_to: nullable('string'),
  kept_records: count,
  recovered: list(closed(['letter', 'event', 'proven_by', 'message_id', 'at'], { letter: str, event: str, proven_by: nullable('string'), message_id: nullable('string'), at: str })),
});

const ledgerSettle = output('petition ledger settle --json', JSON_OUTPUT_VERSION, ['letter', 'settled_as', 'at', 'ledger'], {
  letter: str,
  settled_as: oneOf(['delivered', 'not-delivered']),
  at: str,
  ledger: str,
});

const postEvent = oneOf(['posted', 'returned']);
const post = output('petition posted|returned --json', JSON_OUTPUT_VERSION, ['ledger', 'event', 'recorded', 'already', 'warnings'], {
  ledger: str,
  event: postEvent,
  recorded: list(closed(['letter', 'event', 'on', 'content_hash'], { letter: str, event: postEvent, on: str, tracking: str, service: str, reason: str, content_hash: str })),
  already: strings,
  warnings: strings,
});

// ---------------------------------------------------------------------------------------------------------------------
// review --json

const review = output('petition review --json', JSON_OUTPUT_VERSION, ['out', 'index', 'letters'], {
  out: str,
  index: str,
  letters: list(closed(['id', 'page', 'state'], { id: str, page: str, state: oneOf(['approved', 'pending', 'changed']) })),
});

// ---------------------------------------------------------------------------------------------------------------------
// init --json

const init = output('petition init --json', JSON_OUTPUT_VERSION, ['folder', 'slug', 'roster', 'files'], { folder: str, slug: str, roster: str, files: strings });

// ---------------------------------------------------------------------------------------------------------------------
// approve --json, approvals --json

const approver = closed(['name', 'email'], { name: str, email: str });
const approve = output('petition approve --json', JSON_OUTPUT_VERSION, ['by', 'at', 'approved', 'already_approved', 'files'], {
  by: approver,
  at: str,
  approved: strings,
  already_approved: strings,
  files: strings,
});
const approvalState = oneOf(['approved', 'pending', 'changed']);
const approvalsLetter = closed(['id', 'petition', 'addressee', 'language', 'channel', 'state', 'required', 'lacking', 'content_hash', 'approvers'], {
  id: str,
  petition: str,
  addressee: str,
  language: str,
  channel,
  state: approvalState,
  required: count,
  lacking: count,
  content_hash: str,
  approvers: list(closed(['name', 'email', 'at'], { name: str, email: str, at: str })),
  previous: closed(['content_hash', 'at', 'approvers'], { content_hash: str, at: str, approvers: list(approver) }),
});
const approvalsSummary = closed(['petition', 'required', 'letters', 'approved', 'pending', 'changed'], {
  petition: str,
  required: count,
  letters: count,
  approved: count,
  pending: count,
  changed: count,
});
const approvals = output('petition approvals --json', JSON_OUTPUT_VERSION, ['letters', 'summary'], { letters: list(approvalsLetter), summary: list(approvalsSummary) });

// ---------------------------------------------------------------------------------------------------------------------
// inbox --json

const inboundEvent = oneOf(['delivered', 'delayed', 'bounced', 'auto-replied', 'replied']);
const inbox = output('petition inbox --json', JSON_OUTPUT_VERSION, ['source', 'messages', 'recorded', 'recorded_before', 'unmatched', 'marked_seen'], {
  source: str,
  messages: list(
    closed(['ref', 'kind', 'subject', 'recorded_before'], {
      ref: str,
      kind: oneOf(['report', 'auto-reply', 'reply', 'unreadable']),
      event: inboundEvent,
      letter: str,
      matched_by: str,
      why: str,
      from: str,
      subject: str,
      date: str,
      recorded_before: bool,
    }),
  ),
  recorded: keyedByData(count),
  recorded_before: count,
  unmatched: count,
  marked_seen: count,
});

// report --json

const stateCounts = closed(['state', 'letters', 'sent', 'delivered', 'bounced', 'acknowledged', 'replied', 'reminded', 'silent', 'print', 'posted', 'returned'], {
  state: str,
  letters: count,
  sent: count,
  delivered: count,
  bounced: count,
  acknowledged: count,
  replied: count,
  reminded: count,
  silent: count,
  print: count,
  posted: count,
  returned: count,
  days_to_first_reply: { type: 'number', minimum: 0 },
});
const report = output('petition report --json', JSON_OUTPUT_VERSION, ['reports', 'bounced'], {
  reports: list(closed(['petition', 'year', 'states', 'total'], { petition: str, year: str, states: list(stateCounts), total: stateCounts })),
  bounced: list(closed(['id'], { id: str, status: str, diagnostic: str, hint: str })),
});

const printPack = closed(['petition', 'letters', 'pages', 'sheets', 'envelopes', 'address_needed', 'enclose_by_hand'], {
  petition: str,
  pdf: str,
  addresses_csv: str,
  letters: count,
  pages: count,
  sheets: count,
  envelopes: closed(['total', 'by_country'], { total: count, by_country: keyedByData(count) }),
  address_needed: list(closed(['id', 'addressee', 'name'], { id: str, addressee: str, name: str })),
  enclose_by_hand: strings,
});
const print = output('petition print --json', JSON_OUTPUT_VERSION, ['out', 'paper', 'envelope', 'duplex', 'annex', 'margin_mm', 'max_pages', 'packs'], {
  out: str,
  paper: oneOf(['a4', 'letter']),
  envelope: oneOf(['dl', 'c5', 'c4', 'us10']),
  duplex: bool,
  annex: oneOf(['each', 'once']),
  margin_mm: count,
  max_pages: count,
  packs: list(printPack),
});

/** Every output's schema, by the command that prints it (and `manifest` for manifest.json). */
export const jsonSchemas = {
  preview,
  count: countOutput,
  suggest_mapping: suggestMapping,
  render,
  review,
  send,
  follow_up: followUp,
  status,
  ledger_check: ledgerCheck,
  ledger_recover: ledgerRecover,
  ledger_settle: ledgerSettle,
  post,
  init,
  approve,
  approvals,
  inbox,
  report,
  print,
  manifest,
} as const satisfies Record<string, Schema>;

export type JsonOutputName = keyof typeof jsonSchemas;
