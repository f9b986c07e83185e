// What a petition's print pack holds, before anything is drawn: its print letters in roster order, each with the
// address block its envelope shows, or listed as "address needed" when its addressee has no postal address (never
// printed with a blank window); the sender's return line; the labels file; and the summary print reports.
import type { PetitionPlan } from '../campaign.js';
import { csvCell } from '../csv-cell.js';
import type { Addressee, Letter } from '../types.js';
import { ADDRESS_LINES } from './envelopes.js';

export interface PackItem {
  letter: Letter;
  addressee: Addressee;
}

export interface PackPlan {
  petition: string;
  printable: PackItem[];
  addressNeeded: PackItem[];
  returnLine: string;
}

export function packPlan(plan: PetitionPlan): PackPlan {
  const order = new Map(plan.roster.addressees.map((a, i) => [a.id, i]));
  const byId = new Map(plan.roster.addressees.map((a) => [a.id, a]));
  const items = plan.letters
    .filter((l) => l.channel === 'print')
    .flatMap((letter) => {
      const addressee = byId.get(letter.addresseeId);
      return addressee ? [{ letter, addressee }] : [];
    })
    .sort((a, b) => (order.get(a.addressee.id) ?? 0) - (order.get(b.addressee.id) ?? 0));
  const { petitioner } = plan.petition;
  return {
    petition: plan.petition.slug,
    printable: items.filter((i) => i.addressee.postal_address),
    addressNeeded: items.filter((i) => !i.addressee.postal_address),
    returnLine: [petitioner.name, ...petitioner.address].join(' · '),
  };
}

/** The lines the window shows: the letter's own address block (name, title, organisation, postal lines, country). */
export const windowLines = (item: PackItem): string[] => item.letter.document.addresseeBlock;

/** print/<petition>.addresses.csv, for labels: one row per printed letter, the envelope's lines in order. */
export function addressesCsv(items: readonly PackItem[]): string {
  const header = ['letter', 'addressee', ...Array.from({ length: ADDRESS_LINES.max }, (_, i) => `line_${i + 1}`), 'country'];
  const rows = items.map((item) => {
    const lines = windowLines(item);
    const cells = Array.from({ length: ADDRESS_LINES.max }, (_, i) => lines[i] ?? '');
    return [item.letter.id, item.addressee.id, ...cells, item.addressee.postal_address?.country ?? ''];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** Envelopes by destination country (ISO 3166 code), sorted by code. */
export function envelopesByCountry(items: readonly PackItem[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const country = item.addressee.postal_address?.country ?? '';
    counts.set(country, (counts.get(country) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** What the letters enclose that the pack does not hold (the distribution list, a petition's own files): by hand. */
export function enclosedByHand(items: readonly PackItem[]): string[] {
  const names = items.flatMap((i) => i.letter.attachments.filter((a) => a.kind === 'distribution-pdf' || a.kind === 'file').map((a) => a.filename));
  return [...new Set(names)];
}

/** Sheets of paper: a page each, or two with duplex (a blank back included). */
export const sheetsOf = (pages: number, duplex: boolean): number => (duplex ? Math.ceil(pages / 2) : pages);
