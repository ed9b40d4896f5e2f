import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/openDatabase';
import { storeSettlements } from '../helpers/settlementFixtures';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation, type TestDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const temp = makeTempDir('e2e-settlement');
let store: TestDatabaseLocation;

/** Runs the built CLI as a user would (npm test builds dist/ first). */
function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args, '--db', store.location], {
    cwd: temp.dir, encoding: 'utf8', env: { ...process.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const JNT = 'S-2026-10-r1-CNY-M-JNT';
const GEN = 'S-2026-10-r1-CNY-M-GEN';

beforeAll(async () => {
  store = testDatabaseLocation('e2e-settlement');
  const db = await openDatabase(store.location);
  try {
    await storeSettlements(db, '2026-10', [
      { sellerId: 'M-GEN', product_class: 'generic', paidCents: 200_000_00, sellerName: '通用商家' },
      { sellerId: 'M-JNT', product_class: 'joint', paidCents: 300_000_00 },
    ]);
  } finally {
    await db.close();
  }
});
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

describe('reckon settlement end to end', () => {
  it('list shows the closed period\'s settlements with payable, invoice and status', () => {
    const r = reckon(['settlement', 'list', '--period', '2026-10']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/statement\s+period\s+rev\s+seller\s+name\s+currency\s+payable\s+carried forward\s+invoice\s+status/);
    expect(lines[2]).toMatch(new RegExp(`^  ${GEN}\\s+2026-10\\s+1\\s+M-GEN\\s+通用商家\\s+CNY\\s+180000.00\\s+0.00\\s+no\\s+billed$`));
    expect(lines[3]).toMatch(new RegExp(`^  ${JNT}\\s+2026-10\\s+1\\s+M-JNT\\s+CNY\\s+270000.00\\s+0.00\\s+yes\\s+billed$`));
    expect(lines.at(-1)).toBe('2 settlement statement(s)');
  });

  it('advance prints the transition and the next statuses; history shows who, when, from, to, why', () => {
    let r = reckon(['settlement', 'advance', JNT, '--to', 'countersigning', '--by', 'alice']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${JNT}: billed → countersigning by alice at \\d{4}-\\d{2}-\\d{2}T[\\d:.]+\\+08:00\nnext: countersigned \\| rejected\n$`));
    r = reckon(['settlement', 'advance', JNT, '--to', 'rejected', '--by', 'bob', '--reason', 'fee rate disputed']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('countersigning → rejected by bob');

    r = reckon(['settlement', 'history', JNT]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${JNT}: seller M-JNT, CNY, payable 270000.00, merchant invoice required; status rejected`);
    // Times in the billing zone (Asia/Shanghai by default), with its offset.
    expect(lines[1]).toMatch(/#\s+at\s+by\s+from\s+to\s+reason/);
    expect(lines[3]).toMatch(/^\s+1\s+\S+\+08:00\s+alice\s+billed\s+countersigning$/);
    expect(lines[4]).toMatch(/^\s+2\s+\S+\+08:00\s+bob\s+countersigning\s+rejected\s+fee rate disputed$/);

    const json = JSON.parse(reckon(['settlement', 'history', JNT, '--json']).stdout);
    expect(json).toMatchObject({ statement_id: JNT, status: 'rejected', invoice_required: true });
    expect(json.transitions.map((t: { to: string }) => t.to)).toEqual(['countersigning', 'rejected']);

    r = reckon(['settlement', 'list', '--status', 'rejected', '--json']);
    expect(JSON.parse(r.stdout).map((s: { statement_id: string }) => s.statement_id)).toEqual([JNT]);
  });

  it('a refused transition exits 1 with the message and the allowed next statuses, and writes nothing', () => {
    const r = reckon(['settlement', 'advance', GEN, '--to', 'paid', '--by', 'alice']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`reckon: [CBC.0151] ${GEN}: a settlement without a merchant invoice cannot go from billed to paid (allowed: countersigning)\n`);
    expect(reckon(['settlement', 'history', GEN]).stdout).toContain('no transition yet');
  });

  it('user errors are one clear line: unknown statement (1), unknown status or missing reason/actor (2)', () => {
    let r = reckon(['settlement', 'advance', 'S-2026-10-r1-CNY-NOPE', '--to', 'countersigning', '--by', 'alice']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^reckon: \[CBC\.0151\] no settlement statement "S-2026-10-r1-CNY-NOPE" in a closed period/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    r = reckon(['settlement', 'advance', GEN, '--to', 'approved', '--by', 'alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'approved' is invalid\. Allowed choices are billed, countersigning, countersigned, rejected, invoice_pending, invoice_review, payment_review, paid/);
    r = reckon(['settlement', 'list', '--status', 'done']);
    expect(r.code).toBe(2);
    r = reckon(['settlement', 'advance', GEN, '--to', 'countersigning']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--by <name>' not specified/);
    r = reckon(['settlement', 'advance', GEN, '--to', 'countersigning', '--by', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reckon: [CBC.0100] say who moves the settlement (--by <name>)\n');
    r = reckon(['settlement', 'list', '--period', '2026-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reckon: [CBC.0100] --period "2026-13" is not a period: use YYYY-MM, e.g. 2026-10\n');
  });

  it('--help explains the graph', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), 'settlement', 'advance', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('countersigned → invoice_pending → invoice_review → payment_review');
    expect(r.stdout).toContain('--reason <text>');
  });
});
