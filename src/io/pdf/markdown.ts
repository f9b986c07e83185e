// Markdown (marked's lexer) to the blocks a letter is made of: headings, paragraphs, list items, quotes, rules.
import { Lexer, type Token, type Tokens } from 'marked';
import type { StyledText, TextStyle } from './layout.js';

export type Block =
  | { kind: 'heading'; level: number; spans: StyledText[] }
  | { kind: 'image'; href: string; alt: string; indent: number }
  | { kind: 'paragraph'; spans: StyledText[]; indent: number; marker?: string | undefined; quote: number }
  | { kind: 'rule' };

export interface MarkdownStyle {
  size: number;
  headingSizes: readonly number[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+[0-9]*);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function markdownBlocks(markdown: string, style: MarkdownStyle): Block[] {
  const blocks: Block[] = [];
  walkBlocks(Lexer.lex(markdown), { indent: 0, quote: 0 }, blocks, style);
  return blocks.filter((b) => b.kind === 'rule' || b.kind === 'image' || b.spans.some((s) => s.text.trim().length > 0));
}

interface Context {
  indent: number;
  quote: number;
}

function walkBlocks(tokens: readonly Token[], ctx: Context, out: Block[], style: MarkdownStyle, marker?: string): void {
  let pendingMarker = marker;
  const base: TextStyle = { size: style.size };
  for (const token of tokens) {
    switch (token.type) {
      case 'heading': {
        const t = token as Tokens.Heading;
        const size = style.headingSizes[Math.min(t.depth, style.headingSizes.length) - 1] ?? style.size;
        out.push({ kind: 'heading', level: t.depth, spans: inline(t.tokens, { size, bold: true }) });
        break;
      }
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph | Tokens.Text;
        const only = 'tokens' in t && t.tokens?.length === 1 && t.tokens[0]?.type === 'image' ? (t.tokens[0] as Tokens.Image) : undefined;
        if (only) {
          out.push({ kind: 'image', href: only.href, alt: only.text, indent: ctx.indent });
          pendingMarker = undefined;
          break;
        }
        const spans = 'tokens' in t && t.tokens ? inline(t.tokens, base) : [{ text: decodeEntities(t.text), style: base }];
        out.push({ kind: 'paragraph', spans, indent: ctx.indent, marker: pendingMarker, quote: ctx.quote });
        pendingMarker = undefined;
        break;
      }
      case 'code': {
        const t = token as Tokens.Code;
        out.push({ kind: 'paragraph', spans: [{ text: t.text, style: base }], indent: ctx.indent, quote: ctx.quote });
        break;
      }
      case 'list': {
        const t = token as Tokens.List;
        const start = typeof t.start === 'number' ? t.start : 1;
        t.items.forEach((item, i) => {
          const itemMarker = t.ordered ? `${start + i}.` : '•';
          walkBlocks(item.tokens, { ...ctx, indent: ctx.indent + 1 }, out, style, itemMarker);
        });
        break;
      }
      case 'blockquote': {
        walkBlocks((token as Tokens.Blockquote).tokens, { ...ctx, quote: ctx.quote + 1 }, out, style);
        break;
      }
      case 'hr':
        out.push({ kind: 'rule' });
        break;
      case 'table': {
        const t = token as Tokens.Table;
        for (const row of [t.header, ...t.rows]) {
          const spans = row.flatMap((cell, i) => [...(i > 0 ? [{ text: ' | ', style: base }] : []), ...inline(cell.tokens, base)]);
          out.push({ kind: 'paragraph', spans, indent: ctx.indent, quote: ctx.quote });
        }
        break;
      }
      default:
        break; // space, html, def: nothing to print
    }
  }
}

/** Inline tokens to styled text; soft line breaks become spaces, hard ones newlines. */
function inline(tokens: readonly Token[] | undefined, style: TextStyle): StyledText[] {
  const out: StyledText[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        out.push(...inline((token as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        out.push(...inline((token as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'del':
        out.push(...inline((token as Tokens.Del).tokens, style));
        break;
      case 'link': {
        const t = token as Tokens.Link;
        out.push(...inline(t.tokens, { ...style, link: t.href }));
        break;
      }
      case 'image': {
        const t = token as Tokens.Image;
        if (t.text) out.push({ text: `[${t.text}]`, style });
        break;
      }
      case 'br':
        out.push({ text: '\n', style });
        break;
      case 'codespan':
        out.push({ text: decodeEntities((token as Tokens.Codespan).text), style });
        break;
      case 'html':
        break;
      case 'text':
      case 'escape': {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) out.push(...inline(t.tokens, style));
        else out.push({ text: decodeEntities(t.text).replace(/\s*\n\s*/g, ' '), style });
        break;
      }
      default:
        if ('text' in token && typeof token.text === 'string') out.push({ text: decodeEntities(token.text), style });
    }
  }
  return out;
}
