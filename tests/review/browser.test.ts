// The review site in a real headless Chromium, opened from disk as a reader opens it: the index lists, searches and
// filters every letter of the bundled campaign; a Khmer letter shows its text in the bundled Khmer font; the PDF frame
// points at a real PDF; the keys move between letters; a letter changed since it was approved shows what changed.
// Nothing the pages load may leave file://.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApprovals, reviewText } from '../../src/core/approval.js';
import { recordApprovals } from '../../src/io/approvals.js';
import { loadCampaign } from '../../src/io/campaign.js';
import { petition } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { tempFolder } from '../support/temp.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PETITION = '2017-restore-paris-peace-agreements';
/** What a page may load: its own files and data: URLs, and Chromium's built-in PDF viewer (an extension inside the
 *  browser, and its chrome://resources), which shows the PDF frames; these never reach a network. */
const SITE_OR_BROWSER = /^(file|data|about):|^chrome:\/\/resources\/|^chrome-extension:\/\/mhjfbmdgcfjbbpaeojofohoefgiehjai\//;

interface ReviewOut {
  out: string;
  index: string;
  letters: { id: string; page: string; state: string }[];
}

function review(dir: string): ReviewOut {
  const r = petition(['review', '--json'], dir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReviewOut;
}

/** The bundled campaign in a temp folder, so the test can approve and edit it. */
function bundledCampaign(): string {
  const dir = tempFolder('petition-review-browser-');
  for (const part of ['petitions', 'recipients', 'templates']) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  return dir;
}

describe.runIf(haveChromium)('the review site in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let site: ReviewOut;
  const outside: string[] = [];
  let requests = 0;
  const shots = process.env.KEEP_SCREENSHOTS === '1' ? mkdtempSync(join(tmpdir(), 'petition-review-shots-')) : tempFolder('petition-review-shots-');
  const shoot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
  const open = async (relative: string) => {
    await page.goto(pathToFileURL(join(dir, relative)).href);
    await page.waitForLoadState('load');
  };
  const visibleRows = () => page.locator('#letters tbody tr:not([hidden])');

  beforeAll(async () => {
    console.log(`review screenshots: ${shots}${process.env.KEEP_SCREENSHOTS === '1' ? ' (kept)' : ' (KEEP_SCREENSHOTS=1 keeps them)'}`);
    dir = bundledCampaign();
    site = review(dir);
    browser = await chromium.launch({ executablePath, args: ARGS });
    page = await browser.newPage();
    page.on('request', (request) => {
      requests++;
      if (!SITE_OR_BROWSER.test(request.url())) outside.push(request.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (process.env.KEEP_SCREENSHOTS !== '1') rmSync(shots, { recursive: true, force: true });
  });

  it('lists all 72 letters, searches and filters them', async () => {
    expect(site.letters).toHaveLength(72);
    await open(site.index);
    expect(await page.locator('#letters tbody tr').count()).toBe(72);
    expect(await visibleRows().count()).toBe(72);
    await expect.poll(() => page.locator('#shown').textContent()).toBe('72 of 72 letters');
    await shoot('index');

    await page.locator('#search').fill('cnrp-president');
    const cnrp = site.letters.filter((l) => l.id.includes('cnrp-president'));
    expect(cnrp.length).toBeGreaterThan(0);
    await expect.poll(() => visibleRows().count()).toBe(cnrp.length);
    expect(await visibleRows().locator('small').allTextContents()).toEqual(cnrp.map((l) => l.id));
    await page.locator('#search').fill('');

    await page.locator('#filter-language').selectOption('km');
    const khmer = site.letters.filter((l) => l.id.endsWith('/km'));
    expect(khmer.length).toBeGreaterThan(0);
    await expect.poll(() => visibleRows().count()).toBe(khmer.length);
    expect(await visibleRows().locator('small').allTextContents()).toEqual(khmer.map((l) => l.id));
    await shoot('index-km');
  });

  it('shows a Khmer letter in the bundled Khmer font, with its PDF, and moves on with the keys', async () => {
    await open(site.index);
    await page.locator('#filter-language').selectOption('km');
    await visibleRows().first().locator('a').click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\.km\.html$/);
    expect(await page.locator('pre.text').textContent()).toContain('កម្ពុជា');
    // As a string: the tests are typed without the DOM library, and this runs in the page.
    const loaded = await page.evaluate<number>(`document.fonts.ready.then(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Review Khmer' && f.status === 'loaded').length)`);
    expect(loaded).toBeGreaterThan(0);
    await shoot('khmer-letter');

    const src = await page.locator('#pdf').getAttribute('src');
    const pdf = fileURLToPath(new URL(src!, page.url()));
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.locator(`a[href="${src}"]`).count()).toBe(1);

    const here = page.url();
    const next = new URL((await page.locator('#next').getAttribute('href'))!, here).href;
    await page.locator('body').press('j');
    await page.waitForURL(next);
    await page.locator('body').press('k');
    await page.waitForURL(here);
    await page.locator('body').press('Escape');
    await page.waitForURL(/index\.html$/);
  });

  it('shows what changed in a letter since it was approved', async () => {
    const campaign = await loadCampaign({ cwd: dir, petitions: [PETITION], roster: undefined });
    const plan = campaign.plans[0]!;
    const letter = plan.letters.find((l) => l.language === 'en')!;
    const records = newApprovals([letter], [], { name: 'Test Reviewer', email: 'reviewer@example.org' }, '2026-01-05T10:00:00.000Z');
    await recordApprovals(plan.petition, records, new Map([[letter.id, { letter, text: reviewText(letter) }]]));
    expect(review(dir).letters.find((l) => l.id === letter.id)?.state).toBe('approved');

    const file = join(dir, 'petitions', PETITION, 'petition.md');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('19 local radio stations');
    writeFileSync(file, text.replace('19 local radio stations', '21 local radio stations'));
    site = review(dir);
    const changed = site.letters.find((l) => l.id === letter.id)!;
    expect(changed.state).toBe('changed');

    await open(changed.page);
    expect(await page.locator('#state').textContent()).toBe('changed');
    expect(await page.locator('#diff del').allTextContents()).toContain('19');
    expect(await page.locator('#diff ins').allTextContents()).toContain('21');
    await page.locator('#diff').scrollIntoViewIfNeeded();
    await shoot('changed-letter');
  });

  it('shows the HTML part in a frame whose links cannot leave the site', async () => {
    await open(site.letters[0]!.page);
    const frame = page.frameLocator('iframe.html');
    const link = frame.locator('a[href^="http"]').first();
    expect(await link.count()).toBe(1); // the bundled letters link to their sources
    const before = outside.length;
    await link.click({ timeout: 5_000 });
    await page.waitForTimeout(500);
    expect(outside.slice(before)).toEqual([]);
    expect(page.url()).toMatch(/\.html$/);
  });

  it('loaded nothing from outside the site', () => {
    expect(requests).toBeGreaterThan(10); // the listener saw the pages, the stylesheet and the PDFs
    expect(outside).toEqual([]);
  });
});

describe.skipIf(haveChromium)('the review site in Chromium (no browser here)', () => {
  // On CI a missing browser is a broken set-up (.ci/run installs it), not a reason to pass.
  if (process.env.CI) it('needs Chromium', () => expect.fail(`no Chromium at ${executablePath}: install Debian's chromium, or set CHROMIUM_PATH`));
  else it.skip(`needs Chromium at ${executablePath} (or CHROMIUM_PATH)`, () => {});
});
