import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Period results must not depend on the host's TZ. The same calls run in child processes
 * with TZ set to zones on both sides of UTC (and one with DST), against the compiled module
 * (`npm test` builds dist/ first; run `npm run build` when invoking vitest directly).
 */
const MODULE = path.resolve(__dirname, '../../../dist/src/domain/period/period.js');
const HOST_ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati'];

const SCRIPT = `
const p = require(${JSON.stringify(MODULE)});
const iso = (ms) => new Date(ms).toISOString();
const b = (per, zone) => { const x = p.periodBounds(per, zone); return [iso(x.startMs), iso(x.endMs)]; };
process.stdout.write(JSON.stringify({
  hostOffsetJan: new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset(),
  feb: b('2024-02'),
  dec: b('2024-12'),
  febUtc: b('2024-02', 'UTC'),
  marNy: b('2024-03', 'America/New_York'),
  febKiri: b('2024-02', 'Pacific/Kiritimati'),
  before: p.periodOf(Date.parse('2024-01-31T15:59:59.999Z')),
  at: p.periodOf(Date.parse('2024-01-31T16:00:00.000Z')),
  newYear: p.periodOf(Date.parse('2024-12-31T16:00:00.000Z')),
  nyBefore: p.periodOf(Date.parse('2024-04-01T03:59:59.999Z'), 'America/New_York'),
  nyAt: p.periodOf(Date.parse('2024-04-01T04:00:00.000Z'), 'America/New_York'),
  shift: [p.shiftPeriod('2024-12', 1), p.shiftPeriod('2025-01', -13)],
  instant: p.parseInstant('2026-10-03T08:15:00+08:00'),
  noOffset: p.parseInstant('2026-10-03T08:15:00') ?? null,
  overflow: p.parseInstant('2026-02-30T00:00:00+08:00') ?? null,
}));
`;

const EXPECTED = {
  feb: ['2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
  dec: ['2024-11-30T16:00:00.000Z', '2024-12-31T16:00:00.000Z'],
  febUtc: ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
  marNy: ['2024-03-01T05:00:00.000Z', '2024-04-01T04:00:00.000Z'],
  febKiri: ['2024-01-31T10:00:00.000Z', '2024-02-29T10:00:00.000Z'],
  before: '2024-01',
  at: '2024-02',
  newYear: '2025-01',
  nyBefore: '2024-03',
  nyAt: '2024-04',
  shift: ['2025-01', '2023-12'],
  instant: Date.UTC(2026, 9, 3, 0, 15),
  noOffset: null,
  overflow: null,
};

/** Offset of 2024-01-15 in each host zone, proving the child really ran under that TZ. */
const HOST_OFFSET_JAN: Record<string, number> = {
  UTC: 0,
  'Asia/Shanghai': -480,
  'America/New_York': 300,
  'Pacific/Kiritimati': -840,
};

const built = existsSync(MODULE);

describe('period functions are independent of the host TZ', () => {
  it.for(HOST_ZONES)('TZ=%s gives the same bounds, periods and instants', (hostZone, ctx) => {
    // Proves: no code path in period.ts reads the process's local time zone.
    if (!built) ctx.skip(`${MODULE} is missing: run \`npm run build\` (npm test does) before this test`);
    const out = execFileSync(process.execPath, ['-e', SCRIPT], { env: { ...process.env, TZ: hostZone }, encoding: 'utf8' });
    const { hostOffsetJan, ...results } = JSON.parse(out) as { hostOffsetJan: number } & Record<string, unknown>;
    expect(hostOffsetJan).toBe(HOST_OFFSET_JAN[hostZone]);
    expect(results).toEqual(EXPECTED);
  });
});
