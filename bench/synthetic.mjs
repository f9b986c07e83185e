// Synthetic campaigns for the benchmarks: the bundled 2024 petition with a roster of N addressees — the bundled 24
// repeated with unique ids, each with an example.org email and checked today — and a summary for each group.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const today = new Date().toISOString().slice(0, 10);

/** A project with one petition (the bundled 2024 one) and a roster of `n` addressees; `ids`: the first `listed`. */
export function syntheticProject(n, { distinct = false, listed = 100 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `petition-bench-scale-${n}-`));
  cpSync(join(root, 'petitions', '2024-independent-review'), join(dir, 'petitions', 'p'), { recursive: true });
  const petition = join(dir, 'petitions', 'p', 'petition.md');
  writeFileSync(petition, readFileSync(petition, 'utf8').replace('roster: paris-conference-2017', 'roster: synthetic'));
  const doc = parseDocument(readFileSync(join(root, 'recipients', 'paris-conference-2017.yaml'), 'utf8'));
  const base = doc.get('addressees').toJSON();
  const addressees = Array.from({ length: n }, (_, i) => {
    const a = base[i % base.length];
    // distinct: every salutation different, so no two letters say the same (the worst case for planning).
    const salutation = distinct ? Object.fromEntries(Object.entries(a.salutation).map(([lang, s]) => [lang, `${s} ${i}`])) : a.salutation;
    return { ...a, id: `${a.id}-${i}`, email: `a${i}@example.org`, verified_on: today, salutation };
  });
  const base_ = doc.toJSON();
  // Above the distribution list's limit a letter names each group by its summary: the synthetic roster has them.
  const groups = Object.fromEntries(Object.entries(base_.groups).map(([id, description]) => [id, { description, summary: summaries(id) }]));
  const roster = { ...base_, id: 'synthetic', as_of: today, groups, addressees };
  mkdirSync(join(dir, 'recipients'), { recursive: true });
  writeFileSync(join(dir, 'recipients', 'synthetic.yaml'), JSON.stringify(roster)); // JSON is YAML, and quick to write
  return { dir, ids: addressees.slice(0, listed).map((a) => a.id) };
}

/** How a letter names a synthetic group: the group's id, as a stand-in for a real roster's words. */
function summaries(id) {
  return { en: `{count} addressees of the group ${id}`, fr: `les {count} destinataires du groupe ${id}`, km: `អ្នកទទួល {count} រូប នៃក្រុម ${id}` };
}
