// The review site's index: every letter in a table, with filters and a search that run in the page itself (the
// letters' data embedded as JSON), so the site needs no server and opens from disk.
import { formatProblem } from '../errors.js';
import type { Problem } from '../types.js';
import { escapeHtml, hrefFrom, pageShell, scriptJson } from './html.js';
import type { ReviewLetter, ReviewSite } from './model.js';

export const INDEX_PAGE = 'index.html';
export const STYLE_FILE = 'style.css';

/** The filters: each a field of the embedded rows, with the values the letters have. */
const FILTERS = [
  ['petition', 'Petition'],
  ['language', 'Language'],
  ['channel', 'Channel'],
  ['state', 'Approval'],
] as const;

type Row = Record<'id' | 'page' | 'petition' | 'addressee' | 'country' | 'language' | 'channel' | 'subject' | 'state', string> & { signatures: number; warnings: number; search: string };

const rowOf = (l: ReviewLetter): Row => ({
  id: l.id,
  page: l.page,
  petition: l.petition,
  addressee: l.addressee,
  country: l.country,
  language: l.language,
  channel: l.channel,
  subject: l.subject,
  state: l.state,
  signatures: l.signatures,
  warnings: l.problems.length,
  search: [l.id, l.addressee, l.country, l.language, l.channel, l.subject, l.state, l.petitionTitle].join('\n').toLowerCase(),
});

export function problemList(problems: readonly Problem[], id: string): string {
  if (problems.length === 0) return '';
  const items = problems.map((p) => `<li class="${p.severity}"><strong>${p.severity}</strong>: ${escapeHtml(formatProblem(p))}</li>`);
  return `<ul class="problems" id="${id}">\n${items.join('\n')}\n</ul>`;
}

function filterSelect(letters: readonly ReviewLetter[], field: (typeof FILTERS)[number][0], label: string): string {
  const values = [...new Set(letters.map((l) => l[field]))].sort();
  const options = values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
  return `<label>${label} <select id="filter-${field}" data-field="${field}"><option value="">all</option>${options}</select></label>`;
}

function tableRow(l: ReviewLetter, index: number): string {
  const cells = [
    `<a href="${escapeHtml(hrefFrom(INDEX_PAGE, l.page))}">${escapeHtml(l.addressee)}</a><br><small>${escapeHtml(l.id)}</small>`,
    escapeHtml(l.petition),
    escapeHtml(l.country),
    `<span lang="${escapeHtml(l.language)}">${escapeHtml(l.language)}</span>`,
    escapeHtml(l.channel),
    `<span lang="${escapeHtml(l.language)}">${escapeHtml(l.subject)}</span>`,
    String(l.signatures),
    `<span class="state ${l.state}">${l.state}</span>`,
    l.problems.length === 0 ? '' : `<span class="warnings">${l.problems.length}</span>`,
  ];
  return `<tr data-index="${index}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** The index page: filters, search, the table, and the problems of the campaign as a whole. */
export function indexPage(site: ReviewSite): string {
  const counts = { approved: 0, pending: 0, changed: 0 };
  for (const l of site.letters) counts[l.state]++;
  const head = ['Addressee', 'Petition', 'State / country', 'Language', 'Channel', 'Subject', 'Signatures', 'Approval', 'Warnings'];
  const body = [
    '<header><h1>Review: every letter</h1>',
    `<p class="summary">${site.letters.length} letters: ${counts.approved} approved, ${counts.pending} pending, ${counts.changed} changed since approved. Keys: <kbd>j</kbd> / <kbd>k</kbd> next / previous letter, <kbd>i</kbd> back here.</p></header>`,
    `<form class="filters" role="search"><label>Search <input type="search" id="search" placeholder="addressee, subject, id …" autocomplete="off"></label> ${FILTERS.map(([f, label]) => filterSelect(site.letters, f, label)).join(' ')} <output id="shown">${site.letters.length} of ${site.letters.length} letters</output></form>`,
    `<table id="letters"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
    ...site.letters.map(tableRow),
    '</tbody></table>',
    site.problems.length > 0 ? `<section><h2>Problems of the campaign</h2>\n${problemList(site.problems, 'campaign-problems')}</section>` : '',
    `<script type="application/json" id="letter-data">${scriptJson(site.letters.map(rowOf))}</script>`,
  ].join('\n');
  return pageShell({ title: 'Review: every letter', language: 'en', css: STYLE_FILE, body, script: INDEX_SCRIPT });
}

// Runs in the page: filters the rows by the selects and the search words (all must match).
const INDEX_SCRIPT = `'use strict';
const rows = JSON.parse(document.getElementById('letter-data').textContent);
const search = document.getElementById('search');
const selects = Array.from(document.querySelectorAll('select[data-field]'));
const trs = Array.from(document.querySelectorAll('#letters tbody tr'));
function apply() {
  const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  rows.forEach((row, i) => {
    const ok = selects.every((s) => s.value === '' || row[s.dataset.field] === s.value) && words.every((w) => row.search.includes(w));
    trs[i].hidden = !ok;
    if (ok) shown++;
  });
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' letters';
}
search.addEventListener('input', apply);
selects.forEach((s) => s.addEventListener('change', apply));
document.querySelector('form.filters').addEventListener('submit', (e) => e.preventDefault());
document.addEventListener('keydown', (e) => {
  if (e.target === search || e.ctrlKey || e.metaKey || e.altKey) return;
  const first = trs.find((tr) => !tr.hidden);
  if ((e.key === 'j' || e.key === 'ArrowRight') && first) location.href = first.querySelector('a').href;
});
apply();`;
