// One letter's page of the review site: what the addressee gets (the text part, the HTML part in a sandboxed frame,
// the PDF and its annexes), the headers, the problems that concern it, and what changed since it was approved.
import { escapeHtml, hrefFrom, pageShell } from './html.js';
import { INDEX_PAGE, STYLE_FILE, problemList } from './index-page.js';
import type { ReviewLetter, ReviewSite } from './model.js';
import type { DiffRun } from './word-diff.js';

/** The diff as HTML: removed words in `<del>`, added in `<ins>`, the rest as text. */
export function diffHtml(runs: readonly DiffRun[]): string {
  return runs.map((r) => (r.op === 'same' ? escapeHtml(r.text) : r.op === 'added' ? `<ins>${escapeHtml(r.text)}</ins>` : `<del>${escapeHtml(r.text)}</del>`)).join('');
}

const section = (id: string, title: string, content: string): string => `<section id="${id}"><h2>${title}</h2>\n${content}\n</section>`;

function navigation(site: ReviewSite, index: number): string {
  const here = site.letters[index]!;
  const link = (id: string, rel: string, target: ReviewLetter | undefined, label: string): string =>
    target ? `<a id="${id}" rel="${rel}" href="${escapeHtml(hrefFrom(here.page, target.page))}">${label}</a>` : `<span class="none">${label}</span>`;
  return [
    '<nav>',
    `<a id="index" href="${escapeHtml(hrefFrom(here.page, INDEX_PAGE))}">Index (i)</a>`,
    link('prev', 'prev', site.letters[index - 1], '← Previous (k)'),
    `<span>${index + 1} of ${site.letters.length}</span>`,
    link('next', 'next', site.letters[index + 1], 'Next (j) →'),
    '</nav>',
  ].join(' ');
}

function facts(l: ReviewLetter): string {
  const rows: [string, string][] = [
    ['Letter', l.id],
    ['Petition', `${l.petitionTitle} (${l.petition})`],
    ['Addressee', l.addressee],
    ['State / country', l.country || '—'],
    ['Language', l.language],
    ['Channel', l.channel],
    ['Signatures', String(l.signatures)],
  ];
  const dl = rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<dl class="facts">${dl}<dt>Approval</dt><dd><span class="state ${l.state}" id="state">${l.state}</span> ${escapeHtml(l.approval)}</dd></dl>`;
}

function changes(l: ReviewLetter): string {
  if (!l.diff) return '';
  const note = '<p>Words removed since the approved version are struck through, words added are underlined.</p>';
  return section('diff', 'Changes since approved', `${note}\n<pre class="diff" lang="${escapeHtml(l.language)}">${diffHtml(l.diff)}</pre>`);
}

function delivery(l: ReviewLetter): string {
  if (l.channel === 'print' || l.headers === undefined) return section('headers', 'Delivery', '<p>This letter goes by post: print its PDF. No email is sent.</p>');
  return section('headers', 'Headers that will be sent', `<pre class="headers">${escapeHtml(l.headers)}</pre>`);
}

function documents(l: ReviewLetter): string {
  const frames = l.files.map((f, i) => {
    const href = escapeHtml(hrefFrom(l.page, f.path));
    const id = i === 0 ? 'pdf' : `pdf-${i}`;
    return `<figure><figcaption>${escapeHtml(f.label)} — <a href="${href}">open the PDF</a></figcaption><iframe class="pdf" id="${id}" src="${href}" title="${escapeHtml(f.label)}"></iframe></figure>`;
  });
  const others = l.otherAttachments.length > 0 ? `<p>Also attached (files of the petition): ${l.otherAttachments.map(escapeHtml).join(', ')}</p>` : '';
  return section('pdfs', 'PDF letter and annexes', frames.join('\n') + others);
}

/** The page of the letter at `index` of the site. */
export function letterPage(site: ReviewSite, index: number): string {
  const l = site.letters[index]!;
  const lang = escapeHtml(l.language);
  const body = [
    `<header>${navigation(site, index)}<h1 lang="${lang}">${escapeHtml(l.subject)}</h1>${facts(l)}</header>`,
    changes(l),
    l.problems.length > 0 ? section('problems', 'Problems and warnings', problemList(l.problems, 'letter-problems')) : '',
    delivery(l),
    section('text', 'Email text part', `<pre class="text" lang="${lang}">${escapeHtml(l.text)}</pre>`),
    // The HTML part, escaped into srcdoc: shown as the mail client would show it, its scripts and forms disabled.
    section('html', 'Email HTML part', `<iframe class="html" sandbox srcdoc="${escapeHtml(l.html)}" title="HTML part"></iframe>`),
    documents(l),
  ].join('\n');
  return pageShell({ title: `${l.id} — review`, language: l.language, css: hrefFrom(l.page, STYLE_FILE), body, script: LETTER_SCRIPT });
}

// Runs in the page: j / ArrowRight next, k / ArrowLeft previous, i / Escape the index.
const LETTER_SCRIPT = `'use strict';
document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
  const to = { j: 'next', ArrowRight: 'next', k: 'prev', ArrowLeft: 'prev', i: 'index', Escape: 'index' }[e.key];
  const link = to && document.getElementById(to);
  if (link) location.href = link.href;
});`;
