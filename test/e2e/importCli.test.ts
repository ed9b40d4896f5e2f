import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import DecimalJs from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation, type TestDatabaseLocation } from '../helpers/testDatabase';

/**
 * The FOCUS walk-through of docs/import-formats.md, as a user runs it: reference data with
 * associations keyed by FOCUS SubAccountIds, the FOCUS sample ingested as it is, a close, and
 * the statements and the import check it writes.
 */
const ROOT = join(__dirname, '../..');
const SAMPLE = join(ROOT, 'fixtures/imports/focus/focus-1.0_sample_1000.csv');
const WALKTHROUGH = join(ROOT, 'fixtures/imports/focus-walkthrough');
const Exact = DecimalJs.clone({ precision: 500 });
const temp = makeTempDir('import-cli');
const store: TestDatabaseLocation = testDatabaseLocation('import-cli');
afterAll(async () => {
  await store.cleanup();
  temp.cleanup();
});

function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], { cwd: temp.dir, encoding: 'utf8', env: { ...process.env, RECKON_DB: store.location } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the FOCUS walk-through', () => {
  it('ingest reference, ingest the export, close: statements of the associated sub-accounts and an import check that ties', () => {
    expect(reckon(['ingest', WALKTHROUGH, '-q']).code).toBe(0);
    const ingest = reckon(['ingest', SAMPLE, '--format', 'focus', '-q']);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toContain('focus-1.0_sample_1000.csv: 1000 rows = 1000 accepted + 0 rejected + 0 duplicates + 0 conflicts');
    expect(ingest.stdout).toMatch(/Credit → refund: 1 record\(s\), Σ -2\.6137 USD/);
    expect(ingest.stdout).toMatch(/import\.total USD 2024-09: amount column Σ 20\.28022672899 over 999 row\(s\), records Σ 20\.28022672899 over 999: ok/);
    expect(reckon(['ingest', SAMPLE, '--format', 'focus', '-q']).stdout).toContain('already ingested (same SHA-256), nothing to do');

    const out = join(temp.dir, 'out');
    const close = reckon(['close', '2024-09', '--out', out, '-q']);
    expect(close.code, close.stderr).toBe(0);
    const rev = join(out, '2024-09/rev-1');
    const report = JSON.parse(readFileSync(join(rev, 'reconciliation.json'), 'utf8')) as { checks: { check: string; status: string; subject: string; expected: string; actual: string }[] };
    const imports = report.checks.filter((c) => c.check === 'import.total');
    expect(imports.map((c) => [c.status, c.subject])).toEqual([
      ['ok', 'focus-1.0_sample_1000.csv: USD 2024-09, 999 rows → 999 records'],
      ['ok', 'focus-1.0_sample_1000.csv: rows read = 1000 records + 0 skipped (no amount) + 0 rejected'],
    ]);
    expect(report.checks.find((c) => c.check === 'refund.unmatched')!.subject).toBe('0 refunds matched (and 1 credits that refund no order)');

    // R-ATLAS resells sub-accounts 11353890204 and an Azure subscription: its bill is their BilledCost, summed here from the raw file.
    const rows = parse(readFileSync(SAMPLE), { bom: true, columns: true }) as Record<string, string>[];
    const atlas = new Set(['11353890204', '/subscriptions/64e355d7-997c-491d-b0c1-8414dccfcf42']);
    const sum = (credit: boolean) => rows
      .filter((r) => atlas.has(r.SubAccountId!) && r.BillingPeriodStart!.startsWith('2024-09') && (r.ChargeCategory === 'Credit') === credit)
      .reduce((acc, r) => acc.plus(new Exact(r.BilledCost!)), new Exact(0));
    const statement = JSON.parse(readFileSync(join(rev, 'partners/R-ATLAS/statement.json'), 'utf8')) as { currency: string; totals_exact: { consumption: string; refunds: string } };
    expect(statement.currency).toBe('USD');
    expect(new Exact(statement.totals_exact.consumption).eq(sum(false))).toBe(true);
    expect(new Exact(statement.totals_exact.refunds).eq(sum(true))).toBe(true);
    expect(existsSync(join(rev, 'partners/D-ORBIT/statement.json'))).toBe(true);
  });

  it('reckon import writes the contract delivery and says what each file became', () => {
    const out = join(temp.dir, 'delivery');
    const result = reckon(['import', SAMPLE, '--format', 'focus', '--out', out, '-q']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('focus-1.0_sample_1000.csv: 1000 rows = 1000 records + 0 skipped (empty or NULL amount) + 0 rejected');
    expect(result.stdout).toMatch(/wrote .*delivery: consumption\.csv, refunds\.csv \(999 consumption, 1 refunds, 0 reject lines\)/);
    const consumption = parse(readFileSync(join(out, 'consumption.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(consumption).toHaveLength(999);
    expect(consumption[0]).toMatchObject({ bill_cycle: '2024-09', customer_id: '51738928782', payable_amount: '0.0000008', source_line: '2' });
    // Ingesting it adds nothing: the store already holds these records from the export itself.
    const again = reckon(['ingest', out, '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('consumption.csv: 999 rows = 0 accepted + 0 rejected + 999 duplicates + 0 conflicts');
  });

  it('a user mistake is one line and exit 1 or 2, never a stack trace', () => {
    const badFormat = reckon(['ingest', SAMPLE, '--format', 'gcp']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("argument 'gcp' is invalid");
    const notFocus = reckon(['ingest', join(ROOT, 'fixtures/imports/oci/oci-cost-2023-11.csv'), '--format', 'focus']);
    expect(notFocus.code).toBe(1);
    expect(notFocus.stdout).toContain('oci-cost-2023-11.csv: FAILED file.header [CBC.0100]: oci-cost-2023-11.csv line 1 (header): not a FOCUS 1.x export: no column for amount');
    const missing = reckon(['import', join(temp.dir, 'nope.csv'), '--format', 'azure', '--out', join(temp.dir, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.csv does not exist');
    expect(`${badFormat.stderr}${notFocus.stderr}${missing.stderr}`).not.toMatch(/\n\s+at /);
  });
});
