/** Splits `---\n<yaml>\n---\n<markdown>`; line numbers stay true to the file. */
export interface FrontMatterSplit {
  yaml: string;
  yamlLine: number; // 1-based line of the first YAML line
  body: string;
  bodyLine: number; // 1-based line of the first body line
}

export function splitFrontMatter(text: string): FrontMatterSplit | undefined {
  const src = text.replace(/^\uFEFF/, '');
  const lines = src.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end < 0) return undefined;
  return {
    yaml: lines.slice(1, end).join('\n'),
    yamlLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}
