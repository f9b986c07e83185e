// The review pages' builders on hostile text: whatever a letter or a roster holds is shown as text, the embedded
// JSON cannot end its <script>, and no page refers to anything outside the site.
import { describe, expect, it } from 'vitest';
import { escapeHtml, hrefFrom, scriptJson } from '../../src/core/review/html.js';
import { indexPage } from '../../src/core/review/index-page.js';
import { diffHtml, letterPage } from '../../src/core/review/letter-page.js';
import type { ReviewLetter, ReviewSite } from '../../src/core/review/model.js';
import { siteCss } from '../../src/core/review/style.js';

const HOSTILE = '<script>alert("x")</script> & \' </script><!-- \u2028';

const letter = (over: Partial<ReviewLetter> = {}): ReviewLetter => ({
  id: 'p/a/en',
  page: 'letters/p/a.en.html',
  petition: 'p',
  petitionTitle: 'A petition',
  addresseeId: 'a',
  addressee: 'Ms Example',
  country: 'France (FR)',
  language: 'en',
  channel: 'email',
  subject: HOSTILE,
  signatures: 1234,
  state: 'pending',
  approval: 'no approval',
  text: `Dear ${HOSTILE}\nSee https://example.org/more`,
  html: `<p onclick="x()">Dear ${escapeHtml(HOSTILE)}</p><img src="https://example.org/pixel.png">`,
  headers: `Subject: ${HOSTILE}\nTo: a@example.org`,
  files: [{ label: 'Letter', path: 'pdf/letters/p/a.en.pdf' }],
  otherAttachments: [],
  problems: [{ severity: 'warning', file: 'recipients/r.yaml', line: 3, message: HOSTILE }],
  diff: [
    { op: 'same', text: 'We ' },
    { op: 'removed', text: '<b>1,234</b>' },
    { op: 'added', text: '1,240' },
  ],
  ...over,
});

const site: ReviewSite = { letters: [letter(), letter({ id: 'p/b/km', page: 'letters/p/b.km.html', language: 'km', channel: 'print', headers: undefined, diff: undefined })], problems: [] };
const pages = [indexPage(site), letterPage(site, 0), letterPage(site, 1)];

/** Everything a page would load: src, href of link/script, CSS url(), with the srcdoc frame's escaped text left out. */
const references = (html: string): string[] => [...html.replace(/srcdoc="[^"]*"/g, '').matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"|url\(([^)]*)\)/g)].map((m) => m[1] ?? m[2] ?? '');

describe('the review pages', () => {
  it.each(pages.map((p, i) => [i, p]))('page %i shows hostile text as text', (_, html) => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>1,234</b>');
    expect(html.match(/<script\b/g)?.length).toBe(html.match(/<\/script>/g)?.length);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.filter((text) => /[\u2028\u2029]|<!--|<\/?script/i.test(text))).toEqual([]);
  });

  it('escapes the subject, the problem and the headers of a letter page', () => {
    const html = letterPage(site, 0);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;');
    expect(html).toContain('<del>&lt;b&gt;1,234&lt;/b&gt;</del><ins>1,240</ins>');
    expect(html).toMatch(/<iframe class="html" sandbox srcdoc="&lt;p onclick=&quot;x\(\)&quot;&gt;Dear &amp;lt;script&amp;gt;/);
    expect(html).toContain('<pre class="headers">Subject: &lt;script&gt;');
  });

  it('says a print letter goes by post and shows no headers', () => {
    const html = letterPage(site, 1);
    expect(html).toContain('goes by post');
    expect(html).not.toContain('class="headers"');
  });

  it('refers to nothing outside the site', () => {
    for (const html of pages) {
      const refs = references(html);
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.filter((r) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(r))).toEqual([]);
    }
    expect(references(siteCss([{ family: 'F', weight: 400, style: 'normal', base64: 'AAAA' }])).filter((r) => !r.startsWith('data:'))).toEqual([]);
  });

  it('embeds the letters as JSON that reads back the same', () => {
    const html = indexPage(site);
    const json = /<script type="application\/json" id="letter-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const rows = JSON.parse(json!) as { subject: string }[];
    expect(rows.map((r) => r.subject)).toEqual([HOSTILE, HOSTILE]);
  });

  it('escapes for a script element and for an href', () => {
    expect(scriptJson({ a: '</script>&\u2029' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2029"}');
    expect(hrefFrom('letters/p/a.en.html', 'pdf/letters/p/a b#.pdf')).toBe('../../pdf/letters/p/a%20b%23.pdf');
    expect(hrefFrom('index.html', 'letters/p/ក.km.html')).toBe('letters/p/%E1%9E%80.km.html');
  });

  it('shows a word diff with removed and added words', () => {
    expect(
      diffHtml([
        { op: 'same', text: 'a < b ' },
        { op: 'removed', text: 'x' },
        { op: 'added', text: 'y' },
      ]),
    ).toBe('a &lt; b <del>x</del><ins>y</ins>');
  });
});
