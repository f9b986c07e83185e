// Export files as spreadsheets and petition platforms write them, for the signature and CLI tests.

/** Text as Windows-1252 bytes (every character must have one). */
export function windows1252(text: string): Buffer {
  const byChar = new Map<string, number>();
  const table = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  for (let b = 0; b < 256; b++) byChar.set(b >= 0x80 && b < 0xa0 ? table[b - 0x80]! : String.fromCharCode(b), b);
  return Buffer.from(Array.from(text, (ch) => byChar.get(ch) ?? fail(ch)));
}
const fail = (ch: string): never => {
  throw new Error(`no Windows-1252 byte for ${ch}`);
};

/** An Excel "CSV (;)" export on Windows: Windows-1252, CRLF, `;`, first and last name apart, a quoted `;`. */
export const EXCEL_EXPORT = windows1252(
  [
    'Prénom;Nom;Adresse e-mail;Pays;Code postal;Date;Commentaire',
    'Zoë;Ng;zoe@example.org;FR;75005;2017-10-23;"Oui; bien sûr"',
    'René;Char;rene@example.org;France;;2017-10-23;Pour la paix – 100 €',
    ';Dupont;dupont@example.org;FR;;;',
    ' ; ;vide@example.org;FR;;;',
    'Chloé;O’Brien;chloe@example.org;IE;;2017-10-24;',
    'Zoë;Ng;ZOE@example.org;FR;;;doublon',
    'Ann;Lee;ann@example.org;KH;;2017-10-25;',
    '',
  ].join('\r\n'),
);
