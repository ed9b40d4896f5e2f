import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { compareText } from '../../domain/text/compareText';

/**
 * External sort of many string buckets at once, in bounded memory. Strings added to any bucket
 * of an area count against one budget; when the area holds `limit` strings, every bucket sorts
 * what it holds and writes it as a sorted run to a temp file, and memory is free again. A bucket
 * is read back in sorted order (code-unit order) by merging its runs with what it still holds.
 * Memory is bounded by `limit` strings plus one read buffer per run of the bucket being read,
 * whatever the number of strings added.
 *
 * Runs are written one JSON string per line, so any string (newlines, control characters)
 * round-trips. The temp folder is removed by `close`.
 */
export class SpillArea {
  private dir: string | undefined;
  private held = 0;
  private runs = 0;
  private readonly buckets: SpillBucket[] = [];

  constructor(readonly limit: number, private readonly parent = tmpdir()) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`spill limit must be a positive integer, got ${limit}`);
  }

  bucket(): SpillBucket {
    const bucket = new SpillBucket(this, this.buckets.length);
    this.buckets.push(bucket);
    return bucket;
  }

  /** Sorted runs written so far (for tests and progress). */
  get runsWritten(): number {
    return this.runs;
  }

  /** @internal A bucket took one more string. */
  noteAdded(): void {
    if (++this.held >= this.limit) this.spill();
  }

  /** @internal A path for a bucket's next run. */
  runPath(bucket: number, run: number): string {
    this.dir ??= mkdtempSync(join(this.parent, 'reckon-spill-'));
    this.runs++;
    return join(this.dir, `${bucket}-${run}`);
  }

  private spill(): void {
    for (const b of this.buckets) b.writeRun();
    this.held = 0;
  }

  /** Removes the temp files; the buckets cannot be read afterwards. */
  close(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

export class SpillBucket {
  private rows: string[] = [];
  private readonly runs: string[] = [];

  constructor(private readonly area: SpillArea, private readonly index: number) {}

  add(row: string): void {
    this.rows.push(row);
    this.area.noteAdded();
  }

  get size(): number {
    return this.rows.length;
  }

  /** @internal Sorts what the bucket holds and writes it as one run. */
  writeRun(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows.sort(compareText);
    this.rows = [];
    const path = this.area.runPath(this.index, this.runs.length);
    const fd = openSync(path, 'w');
    try {
      const CHUNK = 4096;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK).map((r) => JSON.stringify(r));
        writeSync(fd, `${part.join('\n')}\n`);
      }
    } finally {
      closeSync(fd);
    }
    this.runs.push(path);
  }

  /** Every string added, in code-unit order (once: the bucket is empty afterwards). */
  *sorted(): Generator<string> {
    const held = this.rows.sort(compareText);
    this.rows = [];
    if (this.runs.length === 0) {
      yield* held;
      return;
    }
    const sources: Iterator<string>[] = [held[Symbol.iterator](), ...this.runs.map((p) => readRun(p))];
    yield* mergeSorted(sources);
  }
}

/** k-way merge of sorted iterators with a binary heap of their current heads. */
function* mergeSorted(sources: Iterator<string>[]): Generator<string> {
  const heap: { value: string; source: Iterator<string> }[] = [];
  const less = (i: number, j: number) => heap[i]!.value < heap[j]!.value;
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const source of sources) {
    const first = source.next();
    if (!first.done) heap.push({ value: first.value, source });
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  try {
    while (heap.length > 0) {
      const top = heap[0]!;
      yield top.value;
      const next = top.source.next();
      if (next.done) {
        const last = heap.pop()!;
        if (heap.length === 0) return;
        heap[0] = last;
      } else {
        top.value = next.value;
      }
      down(0);
    }
  } finally {
    // A reader that stops early: close the runs still open.
    for (const h of heap) h.source.return?.();
  }
}

/** The strings of one run file, read 64 KiB at a time. */
function* readRun(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      pending += decoder.write(buffer.subarray(0, n));
      let start = 0;
      for (let nl = pending.indexOf('\n', start); nl >= 0; nl = pending.indexOf('\n', start)) {
        yield JSON.parse(pending.slice(start, nl)) as string;
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
    pending += decoder.end();
    if (pending.length > 0) yield JSON.parse(pending) as string;
  } finally {
    closeSync(fd);
  }
}
