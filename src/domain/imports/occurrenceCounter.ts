/**
 * Counts how often each key (a hex hash) has been seen, in typed arrays: 12 bytes a distinct key
 * at most twice over, so a file of millions of rows costs tens of MiB, not a Map entry per row.
 * Keys are compared by their first 64 bits; two different rows meeting there (chance about
 * n² / 2^65) would only get occurrence numbers counted together, never the same record id,
 * since the id carries the longer hash too.
 */
export class OccurrenceCounter {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  private size = 0;

  /** 1 the first time a key is seen, 2 the second time, … */
  next(hashHex: string): number {
    const high = Number.parseInt(hashHex.slice(0, 8), 16) >>> 0;
    const low = Number.parseInt(hashHex.slice(8, 16), 16) >>> 0;
    if ((this.size + 1) * 2 > this.counts.length) this.grow();
    const slot = this.find(high, low);
    if (this.counts[slot] === 0) {
      this.high[slot] = high;
      this.low[slot] = low;
      this.size++;
    }
    return ++this.counts[slot]!;
  }

  private find(high: number, low: number): number {
    const mask = this.counts.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    while (this.counts[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, counts } = this;
    this.high = new Uint32Array(counts.length * 2);
    this.low = new Uint32Array(counts.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      const slot = this.find(high[i]!, low[i]!);
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.counts[slot] = counts[i]!;
    }
  }
}
