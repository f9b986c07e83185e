// The layers hold and the README's map is true: over the real import graph of src/, and over made-up graphs that
// break each rule once, so the checks are seen to fail.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, layerViolations, mapPaths, readSources, resolveImport, sourceFolders, type SourceFile } from './support/architecture.js';
import { repoRoot } from './support/fixtures.js';

const file = (path: string, imports: string[], text = ''): SourceFile => ({ path, imports: imports.map((i) => resolveImport(path, i)), text });

describe('the layers', () => {
  const sources = readSources(repoRoot);

  it('reads the real graph', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.find((s) => s.path === 'src/cli.ts')?.imports).toContain('commander');
  });

  it('core is pure, ui renders, io adapts, commands wire, and no command imports another', () => {
    expect(layerViolations(sources)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(sources)).toEqual([]);
  });

  it.each([
    ['core imports node:fs', file('src/core/a.ts', ['node:fs']), /src\/core\/a\.ts imports node:fs: core is pure/],
    ['core imports fs/promises', file('src/core/a.ts', ['fs/promises']), /imports fs\/promises: core is pure/],
    ['core imports chalk', file('src/core/a.ts', ['chalk']), /imports chalk/],
    ['core imports nodemailer', file('src/core/a.ts', ['nodemailer/lib/mail-composer/index.js']), /imports nodemailer\//],
    ['core imports pdfkit', file('src/core/a.ts', ['pdfkit']), /imports pdfkit/],
    ['core imports io', file('src/core/a.ts', ['../io/project.js']), /imports src\/io\/project\.ts: core is pure/],
    ['core uses process', file('src/core/a.ts', [], 'export const home = () => process.env.HOME;'), /src\/core\/a\.ts uses process/],
    ['ui imports commands', file('src/ui/a.ts', ['../commands/send.js']), /src\/ui\/a\.ts imports src\/commands\/send\.ts: ui renders/],
    ['ui imports io', file('src/ui/a.ts', ['../io/delivery/report.js']), /imports src\/io\/delivery\/report\.ts/],
    ['io imports ui', file('src/io/a.ts', ['../ui/terminal.js']), /imports src\/ui\/terminal\.ts: io is the adapters/],
    ['io prints', file('src/io/a.ts', [], 'export const say = (t: string) => console.log(t);'), /src\/io\/a\.ts prints/],
    ['io writes to stderr', file('src/io/a.ts', [], 'process.stderr.write("x");'), /src\/io\/a\.ts prints/],
    ['a command imports a command', file('src/commands/send.ts', ['./render.js']), /src\/commands\/send\.ts imports src\/commands\/render\.ts: a command never imports another command/],
    ['a command reads files itself', file('src/commands/a.ts', ['node:fs']), /commands wire core to io/],
  ])('fails when %s', (_, broken, message) => {
    expect(layerViolations([broken])).toEqual([expect.stringMatching(message)]);
  });

  it('lets core mention process in a comment or a string, and read process-free names', () => {
    expect(layerViolations([file('src/core/a.ts', ['node:crypto', './b.js'], '// not process.env\nconst s = "process.exit";\nconst subprocess = { x: 1 };')])).toEqual([]);
  });

  it('finds a cycle, and each once', () => {
    const graph = [file('src/io/pdf/index.ts', ['./pool.js']), file('src/io/pdf/pool.ts', ['./index.js']), file('src/io/x.ts', ['./pdf/index.js'])];
    expect(importCycles(graph)).toEqual(['src/io/pdf/index.ts → src/io/pdf/pool.ts → src/io/pdf/index.ts']);
  });
});

describe('the README architecture map', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const paths = mapPaths(readme);

  it('names only paths that exist', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !existsSync(join(repoRoot, p)))).toEqual([]);
  });

  it('has every folder of src/ on it', () => {
    expect(sourceFolders(repoRoot).filter((folder) => !paths.includes(folder))).toEqual([]);
  });

  it('reads nested entries against the folder above them, and fails on a path that is gone', () => {
    const map =
      '## Architecture\n\n```\nsrc/core/           pure\n  plan.ts gone.ts    planning\n                     a description, continued\n  delivery/          the state machine\nsrc/io/             the world\n```\n';
    expect(mapPaths(map)).toEqual(['src/core/', 'src/core/plan.ts', 'src/core/gone.ts', 'src/core/delivery/', 'src/io/']);
    expect(mapPaths(map).filter((p) => !existsSync(join(repoRoot, p)))).toEqual(['src/core/gone.ts']);
  });
});
