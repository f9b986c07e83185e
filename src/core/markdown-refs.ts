import { Lexer, type Token, type Tokens } from 'marked';

export interface ImageRef {
  href: string;
  /** 1-based line within the Markdown text. */
  line: number;
}

/** Every image a Markdown text names, with its line, so a missing file is reported before anything is rendered. */
export function imageRefs(markdown: string): ImageRef[] {
  const refs: ImageRef[] = [];
  let from = 0;
  const visit = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      if (t.type === 'image') {
        const at = markdown.indexOf(t.raw, from);
        if (at >= 0) from = at + t.raw.length;
        refs.push({ href: (t as Tokens.Image).href, line: markdown.slice(0, Math.max(0, at)).split('\n').length });
      }
      if ('tokens' in t && Array.isArray(t.tokens)) visit(t.tokens);
      if (t.type === 'list') for (const item of (t as Tokens.List).items) visit(item.tokens);
    }
  };
  visit(Lexer.lex(markdown, { gfm: true }));
  return refs;
}
