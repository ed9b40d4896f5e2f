/**
 * A set of strings that costs one field while it holds at most one: the usual case for a
 * customer's resellers and account managers on a bill, kept for every customer of a month.
 */
export class SmallTextSet implements Iterable<string> {
  private one: string | undefined;
  private many: Set<string> | undefined;

  add(value: string): void {
    if (this.many !== undefined) this.many.add(value);
    else if (this.one === undefined) this.one = value;
    else if (this.one !== value) {
      this.many = new Set([this.one, value]);
      this.one = undefined;
    }
  }

  get size(): number {
    return this.many !== undefined ? this.many.size : this.one === undefined ? 0 : 1;
  }

  *[Symbol.iterator](): Iterator<string> {
    if (this.many !== undefined) yield* this.many;
    else if (this.one !== undefined) yield this.one;
  }
}
