// Writes petition review's site: the PDFs (the renderer render and send use), the headers nodemailer would send, the
// stylesheet with the fonts inside, and the pages core/review builds.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { letterApprovals, reviewText, type ApprovalRecord } from '../../core/approval.js';
import type { Campaign, PetitionPlan } from '../../core/campaign.js';
import { INDEX_PAGE, STYLE_FILE, indexPage } from '../../core/review/index-page.js';
import { letterPage } from '../../core/review/letter-page.js';
import { reviewLetter, siteProblems, type ReviewFile, type ReviewLetter, type ReviewSite } from '../../core/review/model.js';
import { KHMER_FAMILY, KHMER_RANGE, SERIF_FAMILY, siteCss, type EmbeddedFont } from '../../core/review/style.js';
import type { Letter } from '../../core/types.js';
import { readApprovedText } from '../approvals.js';
import { composeMessage, UnsafeLetterError } from '../mail/compose.js';
import { DEFAULT_NAMES_CAP } from '../pdf/annex.js';
import { renderFiles } from '../pdf/render-files.js';

/** Where the PDFs go inside the site. */
export const PDF_DIR = 'pdf';

const siteRelative = (temp: string, file: string): string | undefined => {
  const rel = path.relative(temp, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
};

/** The signers' names the annexes list: send's default, so the reviewer sees the annex that goes out. */
export const REVIEW_ANNEX_NAMES = DEFAULT_NAMES_CAP;

/**
 * Each letter's PDFs, site-relative: its letter first, then the annexes it encloses (not the petition's own files).
 * The campaign must be loaded with `signerNames: REVIEW_ANNEX_NAMES`.
 */
export async function renderSitePdfs(plans: readonly PetitionPlan[], temp: string, fontsDir: string): Promise<Map<string, ReviewFile[]>> {
  // A reminder has no PDF: it is its text.
  const letters = plans.flatMap((p) => p.letters).filter((l) => l.attachments.some((a) => a.kind === 'letter-pdf'));
  if (letters.length === 0) return new Map();
  const files = await renderFiles(plans, letters, { out: path.join(temp, PDF_DIR), paper: 'a4', fontsDir, annexNames: REVIEW_ANNEX_NAMES });
  const result = new Map<string, ReviewFile[]>();
  for (const [id, paths] of files) {
    const inside = paths.map((p) => siteRelative(temp, p)).filter((p) => p !== undefined);
    result.set(
      id,
      inside.map((p, i) => ({ label: i === 0 ? 'Letter' : p.endsWith('.distribution.pdf') ? 'Distribution list' : 'Signature annex', path: p })),
    );
  }
  return result;
}

/** The header block of the message `send` would write for this letter (no attachments, dated the petition's day). */
export async function emailHeaders(letter: Letter, date: Date): Promise<string> {
  try {
    const { raw } = await composeMessage(letter, [], { date });
    const text = Buffer.from(raw).toString('utf8');
    const end = text.indexOf('\r\n\r\n');
    return (end === -1 ? text : text.slice(0, end)).replace(/\r\n/g, '\n');
  } catch (error) {
    if (error instanceof UnsafeLetterError) return `(no message can be made: ${error.message})`;
    throw error;
  }
}

/** Every letter of the campaign as the site shows it; `records` are each plan's approvals, in plan order. */
export async function reviewLetters(campaign: Campaign, records: readonly ApprovalRecord[][], pdfs: ReadonlyMap<string, ReviewFile[]>): Promise<ReviewLetter[]> {
  const letters: ReviewLetter[] = [];
  for (const [i, plan] of campaign.plans.entries()) {
    const approvals = letterApprovals(plan.letters, records[i] ?? [], plan.petition.approvalsRequired);
    const date = new Date(`${plan.petition.date}T00:00:00Z`);
    for (const [j, letter] of plan.letters.entries()) {
      const facts = {
        approval: approvals[j]!,
        approvedText: readApprovedText(plan.petition, letter),
        currentText: reviewText(letter),
        headers: letter.channel === 'email' ? await emailHeaders(letter, date) : undefined,
        files: pdfs.get(letter.id) ?? [],
      };
      letters.push(reviewLetter(plan, letter, facts, campaign.problems));
    }
  }
  return letters;
}

const FONTS: readonly (Omit<EmbeddedFont, 'base64'> & { file: string })[] = [
  { file: 'NotoSerif-Regular.ttf', family: SERIF_FAMILY, weight: 400, style: 'normal' },
  { file: 'NotoSerif-Bold.ttf', family: SERIF_FAMILY, weight: 700, style: 'normal' },
  { file: 'NotoSerif-Italic.ttf', family: SERIF_FAMILY, weight: 400, style: 'italic' },
  { file: 'NotoSerifKhmer-Regular.ttf', family: KHMER_FAMILY, weight: 400, style: 'normal', unicodeRange: KHMER_RANGE },
  { file: 'NotoSerifKhmer-Bold.ttf', family: KHMER_FAMILY, weight: 700, style: 'normal', unicodeRange: KHMER_RANGE },
];

/** The fonts the PDFs use, those the fonts folder has. */
async function embeddedFonts(fontsDir: string): Promise<EmbeddedFont[]> {
  const fonts: EmbeddedFont[] = [];
  for (const { file, ...font } of FONTS) {
    const full = path.join(fontsDir, file);
    if (existsSync(full)) fonts.push({ ...font, base64: (await fs.readFile(full)).toString('base64') });
  }
  return fonts;
}

/** Writes the pages and the stylesheet into the temporary site folder. */
export async function writeSitePages(temp: string, site: ReviewSite, fontsDir: string): Promise<void> {
  await fs.writeFile(path.join(temp, STYLE_FILE), siteCss(await embeddedFonts(fontsDir)));
  await fs.writeFile(path.join(temp, INDEX_PAGE), indexPage(site));
  for (const [i, letter] of site.letters.entries()) {
    const file = path.join(temp, ...letter.page.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, letterPage(site, i));
  }
}

export const reviewSite = (campaign: Campaign, letters: ReviewLetter[]): ReviewSite => ({ letters, problems: siteProblems(campaign.problems, letters) });
