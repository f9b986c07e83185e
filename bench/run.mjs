#!/usr/bin/env node
// npm run bench: every benchmark of the project in one run; figures are printed, never asserted.
// Each part is its own script so it can be run alone: node bench/<part>.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const parts = ['cli.mjs', 'count.mjs', 'pdf.mjs', 'send.mjs', 'scale.mjs'].filter((p) => existsSync(join(here, p)));
const only = process.argv.slice(2);
let failed = 0;
for (const part of parts) {
  if (only.length > 0 && !only.some((o) => part.startsWith(o))) continue;
  console.log(`\n=== ${part} ===`);
  const r = spawnSync(process.execPath, [join(here, part)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
