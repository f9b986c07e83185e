// What `petition print` prints on the terminal (its --json is core/json.ts printJson).
import type { ChalkInstance } from 'chalk';
import type { PrintPackJson } from '../core/json.js';

export function formatPrint(packs: readonly PrintPackJson[], paint: ChalkInstance): string {
  return packs.map((pack) => formatPack(pack, paint)).join('\n\n');
}

function formatPack(pack: PrintPackJson, paint: ChalkInstance): string {
  const total = pack.letters + pack.address_needed.length;
  const lines = [`${paint.bold(pack.petition)}: ${total} print letter(s): ${pack.letters} in the pack, ${pack.address_needed.length} address needed`];
  if (pack.pdf) {
    const countries = Object.entries(pack.envelopes.by_country).map(([country, n]) => `${country} ${n}`);
    lines.push(paint.green(`wrote ${pack.pdf}: ${pack.letters} letter(s), ${pack.pages} page(s) on ${pack.sheets} sheet(s); ${pack.envelopes.total} envelope(s): ${countries.join(', ')}`));
    lines.push(`wrote ${pack.addresses_csv ?? ''} (the addresses, for labels)`);
    if (pack.enclose_by_hand.length > 0) lines.push(paint.yellow(`not in the pack, to enclose by hand: ${pack.enclose_by_hand.join(', ')}`));
  } else {
    lines.push(paint.yellow('no letter has a postal address: no pack written'));
  }
  if (pack.address_needed.length > 0) {
    lines.push(paint.yellow('address needed (add postal_address, with its source, to the roster):'));
    for (const l of pack.address_needed) lines.push(`  ${l.id}  ${l.name}`);
  }
  return lines.join('\n');
}
