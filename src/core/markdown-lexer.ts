// marked's lexer, remembering the inline tokens of text it has seen: the letters of a campaign repeat the same
// paragraphs (the petition text, the count, the closing) around a few that differ (the salutation), and inline lexing
// — emphasis, autolinks — was most of the time spent planning 10,000 letters.
import { Lexer, type MarkedOptions, type Token } from 'marked';

/** Inline tokens by lexer state and source text; shared by the lexers of one plan. */
export type InlineCache = Map<string, Token[]>;

const INLINE_CACHE_SIZE = 2048;

/** Text that cannot change the inline lexer's state nor depend on the document: no tag (`<`), no link (`[`, `]`). A
 *  tag may open or close an `<a>` (state.inLink); a link depends on the document's reference definitions. */
const STATELESS = /^[^<[\]]*$/;

export function memoLexer(options: MarkedOptions, cache: InlineCache): Lexer {
  return new MemoLexer(options, cache);
}

class MemoLexer extends Lexer {
  constructor(
    options: MarkedOptions,
    private readonly cache: InlineCache,
  ) {
    super(options);
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (tokens.length > 0 || !STATELESS.test(src)) return super.inlineTokens(src, tokens);
    // What such text lexes to depends only on it and on whether it is inside a link or raw HTML block.
    const key = `${this.state.inLink ? 1 : 0}${this.state.inRawBlock ? 1 : 0}${src}`;
    const known = this.cache.get(key);
    if (known) {
      tokens.push(...structuredClone(known)); // a copy: the plan rewrites tokens in place (unsafe links, raw HTML)
      return tokens;
    }
    super.inlineTokens(src, tokens);
    if (this.cache.size >= INLINE_CACHE_SIZE) this.cache.clear();
    this.cache.set(key, structuredClone(tokens));
    return tokens;
  }
}
