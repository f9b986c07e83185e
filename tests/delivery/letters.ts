// Letters for the delivery tests. Every address is on a reserved example domain.
import type { Letter } from '../../src/core/types.js';

export function makeLetter(addressee: string, overrides: Partial<Letter> = {}): Letter {
  const petition = overrides.petition ?? 'paris-2017';
  const language = overrides.language ?? 'en';
  return {
    id: `${petition}/${addressee}/${language}`,
    petition,
    addresseeId: addressee,
    group: 'signatory',
    language,
    channel: 'email',
    from: { name: 'Cambodian Diaspora Petition Committee', address: 'petition@example.org' },
    replyTo: { name: 'Petition secretariat', address: 'reply@example.org' },
    to: [{ name: `Minister ${addressee.toUpperCase()}`, address: `${addressee}@example.net` }],
    cc: [],
    subject: 'Petition on the anniversary of the Paris Peace Agreements',
    text: `Dear Minister,\n\nThis petition is addressed to ${addressee}.\n`,
    html: `<p>Dear Minister,</p><p>This petition is addressed to ${addressee}.</p>`,
    document: {
      language,
      letterhead: ['Cambodian Diaspora Petition Committee'],
      placeAndDate: 'Example City, 23 October 2017',
      addresseeBlock: [`Minister ${addressee.toUpperCase()}`],
      isCopy: false,
      subject: 'Petition',
      salutation: 'Dear Minister',
      body: 'Body',
      sections: [],
      countSentence: '',
      closing: 'Respectfully',
      signature: ['The committee'],
      distribution: { to: [], cc: [], labels: { to: 'To', cc: 'Copies to' }, annex: undefined },
    },
    attachments: [{ filename: 'letter.pdf', kind: 'letter-pdf' }],
    contentHash: `hash-${addressee}-1`,
    ...overrides,
  };
}
