import { Lexer, type Token, type Tokens } from 'marked';

/** Markdown → the plain text of an email's text/plain part: no escapes, no emphasis marks, lists and quotes kept readable. */
export function markdownToPlainText(markdown: string): string {
  return tokensToPlainText(Lexer.lex(markdown, { gfm: true }));
}

/** The same from tokens already lexed (the HTML part is made from the same tokens: one lex per letter). */
export function tokensToPlainText(tokens: readonly Token[]): string {
  return (
    blocks(tokens, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function blocks(tokens: readonly Token[], indent: string): string {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'heading': {
        const text = inline((t as Tokens.Heading).tokens);
        out.push(`${indent}${text}\n${indent}${(t as Tokens.Heading).depth <= 2 ? '='.repeat(Math.min(text.length, 72)) : ''}`.trimEnd());
        break;
      }
      case 'paragraph':
        out.push(indent + inline((t as Tokens.Paragraph).tokens).replace(/\n/g, `\n${indent}`));
        break;
      case 'blockquote':
        out.push(blocks((t as Tokens.Blockquote).tokens, `${indent}> `).replace(/\n\n/g, `\n${indent}>\n`));
        break;
      case 'list': {
        const list = t as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        out.push(
          list.items
            .map((item, i) => {
              const marker = list.ordered ? `${start + i}. ` : '- ';
              const body = blocks(item.tokens, ' '.repeat(marker.length)).trimStart();
              return `${indent}${marker}${body.replace(/\n\n/g, '\n')}`;
            })
            .join('\n'),
        );
        break;
      }
      case 'hr':
        out.push(`${indent}${'—'.repeat(3)}`);
        break;
      case 'code':
        out.push((t as Tokens.Code).text.replace(/^/gm, `${indent}    `));
        break;
      case 'text':
        out.push(indent + ('tokens' in t && t.tokens ? inline(t.tokens) : unescape((t as Tokens.Text).text)));
        break;
      default:
        out.push(indent + unescape(t.raw.trim()));
    }
  }
  return out.join('\n\n');
}

function inline(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'strong':
        case 'em':
        case 'del':
          return inline((t as Tokens.Strong).tokens);
        case 'link': {
          const link = t as Tokens.Link;
          const text = inline(link.tokens);
          return text === link.href || `mailto:${text}` === link.href ? text : `${text} (${link.href})`;
        }
        case 'codespan':
          return (t as Tokens.Codespan).text;
        case 'image':
          return (t as Tokens.Image).text ? `[${(t as Tokens.Image).text}]` : '';
        case 'br':
          return '\n';
        case 'escape':
          return (t as Tokens.Escape).text;
        case 'text':
          return 'tokens' in t && t.tokens ? inline(t.tokens) : unescape((t as Tokens.Text).text);
        default:
          return unescape(t.raw);
      }
    })
    .join('');
}

function unescape(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
