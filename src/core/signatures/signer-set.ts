/**
 * A set of signers that stores a 64-bit hash of each dedup key instead of the key: 8 bytes per signer in one typed
 * array (open addressing, load ≤ 1/2), so 1M signers take 16 to 32 MB and no per-signer string is kept alive.
 *
 * Collision bound: two distinct keys collide with probability 2^-64 if the hash behaves like a random function, so
 * among n keys the chance of any collision is at most n²/2^65 — for n = 1,000,000 about 2.7 × 10^-8. A collision would
 * count one real signer as a duplicate (an undercount by one, never an overcount). The hash is not cryptographic: someone
 * crafting colliding addresses on purpose could make some signatures count as duplicates (an undercount, never more).
 */
export class SignerSet {
  /** Slot i holds the hash halves at [2i] (high) and [2i + 1] (low): one cache line per probe. */
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    // 1.5×, not 2×: the table still grows past load 1/2, but a guess just under a power of two no longer doubles a
    // table far larger than the caches (and the TLB): at 1M signers, 16 MB instead of 32 MB made merging 40% faster.
    while (capacity < initialCapacity * 1.5) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the key made of up to four parts (hashed with a separator between them, without building the joined
   * string); true if it was new, false if it was already there (a duplicate).
   */
  add(a: string, b = '', c = '', d = ''): boolean {
    hashParts(a, b, c, d);
    return this.insert(hashHi, hashLo);
  }

  /**
   * Adds hashed keys [0, count) in order; isNew[i] = 1 if key i was new. Keys go in blocks: the slots of a block are
   * read first, in a loop whose loads do not wait on each other, so the cache misses of a table far larger than the
   * cache overlap instead of coming one after another (the merge was bound by them). Returns how many were new.
   */
  insertAll(his: Uint32Array, los: Uint32Array, count: number, isNew: Uint8Array): number {
    let added = 0;
    for (let block = 0; block < count; block += 32) {
      const end = Math.min(block + 32, count);
      const slots = this.slots;
      const mask = this.mask;
      let touched = 0;
      for (let i = block; i < end; i++) touched |= slots[((los[i]! ^ his[i]!) & mask) * 2]!;
      this.touched = touched;
      for (let i = block; i < end; i++) {
        const fresh = this.insert(his[i]!, los[i]!);
        isNew[i] = fresh ? 1 : 0;
        if (fresh) added++;
      }
    }
    return added;
  }

  /** Keeps the reads of insertAll's first loop from being optimized away. */
  private touched = 0;

  /** Adds a key already hashed (by `hashKey` or `hashEmailText`, maybe in another thread); true if it was new. */
  insert(hi: number, lo: number): boolean {
    if ((hi | lo) === 0) lo = 1; // (0, 0) marks an empty slot
    const slots = this.slots;
    let slot = (lo ^ hi) & this.mask;
    for (;;) {
      const h = slots[slot * 2]!;
      const l = slots[slot * 2 + 1]!;
      if ((h | l) === 0) break;
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & this.mask;
    }
    slots[slot * 2] = hi;
    slots[slot * 2 + 1] = lo;
    this.count++;
    if (this.count * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i]!;
      const l = old[i + 1]!;
      if ((h | l) !== 0) this.insert(h, l);
    }
  }
}

// Results of hashing, returned through module variables so hashing allocates nothing per row.
export let hashHi = 0;
export let hashLo = 0;

/** 64-bit hash of a key (up to four parts) as [high, low] 32-bit halves. */
export function hash64(a: string, b = '', c = '', d = ''): [number, number] {
  hashParts(a, b, c, d);
  return [hashHi, hashLo];
}

/** Like hash64 without the array: the result is in `hashHi` / `hashLo`. */
export function hashKey(a: string, b = '', c = '', d = ''): void {
  hashParts(a, b, c, d);
}

/**
 * Two 32-bit multiply-xorshift lanes over UTF-16 code units taken two at a time (half the multiplies: hashing was a
 * tenth of the count), cross-mixed at the end (as cyrb53, keeping all 64 bits). Each part is followed by a separator
 * step that takes in its length, so ("ab", "c") and ("a", "bc") differ.
 */
function hashParts(a: string, b: string, c: string, d: string): void {
  lane1 = 0xdeadbeef;
  lane2 = 0x41c6ce57;
  mix(a);
  mix(b);
  mix(c);
  mix(d);
  finish();
}

/**
 * The hash of the key ('e', email) where the email is the ASCII text in text[start, end), lower-cased on the fly:
 * the same value as hash64('e', email.toLowerCase()), without making either string. Result in `hashHi` / `hashLo`.
 */
export function hashEmailText(text: string, start: number, end: number): void {
  lane1 = 0xdeadbeef;
  lane2 = 0x41c6ce57;
  mix('e');
  let h1 = lane1;
  let h2 = lane2;
  let i = start;
  for (; i + 1 < end; i += 2) {
    const pair = lower(text.charCodeAt(i)) | (lower(text.charCodeAt(i + 1)) << 16);
    h1 = Math.imul(h1 ^ pair, 2654435761);
    h2 = Math.imul(h2 ^ pair, 1597334677);
  }
  if (i < end) {
    const ch = lower(text.charCodeAt(i));
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  separate(h1, h2, end - start);
  mix('');
  mix('');
  finish();
}

/** ASCII lower case, as String.prototype.toLowerCase does it for ASCII. */
const lower = (ch: number): number => (ch >= 65 && ch <= 90 ? ch + 32 : ch);

function finish(): void {
  let h1 = lane1;
  let h2 = lane2;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHi = h1 >>> 0;
  hashLo = h2 >>> 0;
}

let lane1 = 0;
let lane2 = 0;

function mix(part: string): void {
  let h1 = lane1;
  let h2 = lane2;
  const length = part.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const pair = part.charCodeAt(i) | (part.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ pair, 2654435761);
    h2 = Math.imul(h2 ^ pair, 1597334677);
  }
  if (i < length) {
    const ch = part.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  separate(h1, h2, length);
}

/** The step after each part; the length goes in so "a" and "a\0" (one unit against a pair) differ. */
function separate(h1: number, h2: number, length: number): void {
  lane1 = Math.imul(h1 ^ length, 2654435761);
  lane2 = Math.imul(h2 ^ length, 1597334677);
}
