// Splitting text into runs of one script, so each run is shaped with a font that has its glyphs.

export type Script = 'khmer' | 'latin';

export interface ScriptRun {
  script: Script;
  start: number; // UTF-16 offsets into the text
  end: number;
}

export function isKhmerCodePoint(cp: number): boolean {
  return (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff);
}

/** Marks, spaces and joiners belong to no script: they stay with the run around them. */
const NEUTRAL = /^[\p{M}\s\u200b-\u200d\u2060\ufeff]$/u;

export function splitByScript(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let current: Script | undefined;
  let start = 0;
  let offset = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!NEUTRAL.test(ch)) {
      const script: Script = isKhmerCodePoint(cp) ? 'khmer' : 'latin';
      if (current === undefined) current = script;
      else if (script !== current) {
        runs.push({ script: current, start, end: offset });
        current = script;
        start = offset;
      }
    }
    offset += ch.length;
  }
  if (offset > start) runs.push({ script: current ?? 'latin', start, end: offset });
  return runs;
}
