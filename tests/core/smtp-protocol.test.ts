// The pure SMTP rules: replies, capabilities, dot-stuffing, envelope checks (when an outcome is unknown is the state
// machine's rule: tests/delivery/attempt.test.ts).
import { describe, expect, it } from 'vitest';
import { dotStuff, hasEightBitBytes, isAsciiAddress, isSafeEnvelopeAddress, makeReply, parseCapabilities, ReplyReader } from '../../src/core/delivery/smtp-protocol.js';

describe('ReplyReader', () => {
  it.each([
    { name: 'one line', chunks: ['250 Ok\r\n'], replies: [{ code: 250, lines: ['Ok'], text: '250 Ok' }] },
    { name: 'a code alone', chunks: ['354\r\n'], replies: [{ code: 354, lines: [''], text: '354' }] },
    {
      name: 'a multi-line reply is one reply',
      chunks: ['250-mx.example.net\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n'],
      replies: [{ code: 250, lines: ['mx.example.net', '8BITMIME', 'SMTPUTF8'], text: '250 mx.example.net 8BITMIME SMTPUTF8' }],
    },
    { name: 'split anywhere across chunks', chunks: ['25', '0-a\r', '\n250 b', '\r\n'], replies: [{ code: 250, lines: ['a', 'b'] }] },
    { name: 'bare LF line ends', chunks: ['220 hi\n'], replies: [{ code: 220, lines: ['hi'] }] },
    { name: 'two replies in one chunk', chunks: ['250 a\r\n354 b\r\n'], replies: [{ code: 250 }, { code: 354 }] },
    { name: 'an unfinished line waits', chunks: ['250 Ok'], replies: [] },
    { name: 'enhanced status', chunks: ['550 5.1.1 No such user\r\n'], replies: [{ code: 550, enhanced: '5.1.1' }] },
    { name: 'an enhanced status of another class is ignored', chunks: ['550 2.0.0 odd\r\n'], replies: [{ code: 550, enhanced: undefined }] },
  ])('$name', ({ chunks, replies }) => {
    const reader = new ReplyReader();
    const got = chunks.flatMap((c) => {
      const feed = reader.push(c);
      expect(feed.violation).toBeUndefined();
      return feed.replies;
    });
    expect(got).toHaveLength(replies.length);
    replies.forEach((r, i) => expect(got[i]).toMatchObject(r));
  });

  it.each([
    { name: 'a line that is not a reply', input: 'hello\r\n', violation: /not "<code> text"/ },
    { name: 'a code out of range', input: '199 x\r\n', violation: /not "<code> text"/ },
    { name: 'a code that changes mid-reply', input: '250-a\r\n251 b\r\n', violation: /code changes from 250 to 251/ },
    { name: 'too many lines', input: `${'250-x\r\n'.repeat(5)}250 x\r\n`, violation: /more than 4 lines/ },
    { name: 'too many bytes across lines', input: `250-${'x'.repeat(60)}\r\n250-${'x'.repeat(60)}\r\n`, violation: /longer than 100 bytes/ },
    { name: 'too many bytes in one unfinished line', input: `250 ${'x'.repeat(200)}`, violation: /longer than 100 bytes/ },
  ])('refuses $name', ({ input, violation }) => {
    expect(new ReplyReader({ maxBytes: 100, maxLines: 4 }).push(input).violation).toMatch(violation);
  });

  it('counts the limits per reply, not per connection', () => {
    const reader = new ReplyReader({ maxBytes: 100, maxLines: 4 });
    for (let i = 0; i < 50; i++) {
      const feed = reader.push('250-a\r\n250 b\r\n');
      expect(feed.violation).toBeUndefined();
      expect(feed.replies.map((r) => r.code)).toEqual([250]);
    }
  });
});

describe('parseCapabilities', () => {
  it.each([
    { name: 'none', lines: ['mx.example.net'], expected: { starttls: false, auth: [], eightBitMime: false, smtpUtf8: false, maxSize: undefined } },
    {
      name: 'the usual set',
      lines: ['mx.example.net Hello', 'PIPELINING', 'SIZE 10240000', 'starttls', 'AUTH PLAIN LOGIN', '8BITMIME', 'SMTPUTF8'],
      expected: { starttls: true, auth: ['PLAIN', 'LOGIN'], eightBitMime: true, smtpUtf8: true, maxSize: 10240000 },
    },
    { name: 'old-style AUTH=', lines: ['mx', 'AUTH=login'], expected: { auth: ['LOGIN'] } },
    { name: 'SIZE 0 is no limit', lines: ['mx', 'SIZE 0'], expected: { maxSize: undefined } },
  ])('$name', ({ lines, expected }) => {
    const caps = parseCapabilities(makeReply(250, lines));
    const { auth, ...rest } = expected;
    expect(caps).toMatchObject(rest);
    if (auth) expect([...caps.auth]).toEqual(auth);
  });
});

describe('dotStuff', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const text = (data: Uint8Array): string => new TextDecoder().decode(data);
  it.each([
    { name: 'nothing to change', input: 'a\r\nb\r\n', output: 'a\r\nb\r\n' },
    { name: 'a leading dot on the first line', input: '.a\r\n', output: '..a\r\n' },
    { name: 'a leading dot on a later line', input: 'a\r\n.\r\n..b\r\n', output: 'a\r\n..\r\n...b\r\n' },
    { name: 'a dot inside a line stays', input: 'a.b\r\n', output: 'a.b\r\n' },
    { name: 'bare LF becomes CRLF', input: 'a\nb\n', output: 'a\r\nb\r\n' },
    { name: 'a bare LF before a dot', input: 'a\n.b', output: 'a\r\n..b\r\n' },
    { name: 'no line end at the end', input: 'a\r\nb', output: 'a\r\nb\r\n' },
    { name: 'empty', input: '', output: '' },
  ])('$name', ({ input, output }) => {
    expect(text(dotStuff(bytes(input)))).toBe(output);
  });

  it('hands back the same bytes when nothing changes', () => {
    const raw = bytes('Subject: x\r\n\r\nbody\r\n');
    expect(dotStuff(raw)).toBe(raw);
  });
});

describe('envelope checks', () => {
  it.each([
    { bytes: [0x41, 0x0d, 0x0a], eightBit: false },
    { bytes: [0x41, 0xc3, 0xa9], eightBit: true },
  ])('hasEightBitBytes($bytes) = $eightBit', ({ bytes, eightBit }) => {
    expect(hasEightBitBytes(Uint8Array.from(bytes))).toBe(eightBit);
  });

  it.each([
    { address: 'fr@example.net', ascii: true, safe: true },
    { address: 'ministre@exemple.example.org', ascii: true, safe: true },
    { address: 'រដ្ឋមន្ត្រី@example.net', ascii: false, safe: true },
    { address: 'a@example.net\r\nRCPT TO:<victim@example.com>', ascii: false, safe: false },
    { address: 'a b@example.net', ascii: true, safe: false },
    { address: 'a>@example.net', ascii: true, safe: false },
    { address: '', ascii: true, safe: false },
  ])('$address: ascii $ascii, safe $safe', ({ address, ascii, safe }) => {
    expect(isAsciiAddress(address)).toBe(ascii);
    expect(isSafeEnvelopeAddress(address)).toBe(safe);
  });
});
