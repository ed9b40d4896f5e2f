import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLineageCsv } from '../../src/domain/statements/lineage';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation, type TestDatabaseLocation } from '../helpers/testDatabase';

/** `reckon explain` on the files of a real close of the demo's 2026-10, run as a user would (npm test builds dist/ first). */
const ROOT = join(__dirname, '../..');
const DEMO = join(ROOT, 'fixtures/demo/2026-10');
const temp = makeTempDir('e2e-explain');
let store: TestDatabaseLocation;
const out = join(temp.dir, 'out');
const rev = join(out, '2026-10/rev-1');

function reckon(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), ...args], { cwd: temp.dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  store = testDatabaseLocation('e2e-explain');
  const r = reckon(['close', '2026-10', '--input', DEMO, '--out', out, '--db', store.location, '--quiet']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
}, 120_000);
afterAll(async () => {
  await store?.cleanup();
  temp.cleanup();
});

/** The first partner statement with customers, and its first customer. */
function aPartnerStatement(): { file: string; customer: { customer_id: string; consumption: string } } {
  for (const f of listFiles(rev).filter((p) => /^partners\/[^/]+\/statement\.json$/.test(p))) {
    const s = JSON.parse(readFileSync(join(rev, f), 'utf8')) as { customers: { customer_id: string; consumption: string }[] };
    if (s.customers.length > 0) return { file: join(rev, f), customer: s.customers[0]! };
  }
  throw new Error('no partner statement with customers');
}

describe('reckon explain', () => {
  it('writes a lineage file beside every statement JSON', () => {
    const files = listFiles(rev);
    const statements = files.filter((f) => /^(partners|merchants|incentives)\/[^/]+\/(statement|settlement|incentive)(\.[A-Z]+)?\.json$/.test(f));
    expect(statements.length).toBeGreaterThan(10);
    for (const f of statements) expect(files, f).toContain(f.replace(/\.json$/, '.lineage.csv'));
  });

  it('explains a customer figure: its value, its records, their sum, and that they match', () => {
    const { file, customer } = aPartnerStatement();
    const r = reckon(['explain', file, `customers[${customer.customer_id}].consumption`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`figure   ${customer.consumption}`);
    expect(r.stdout).toMatch(/check {4}matches/);
    expect(r.stdout).toMatch(/record_kind +record_id +bill_cycle +amount +rule/);
    expect(r.stdout).toContain('DOMAIN §5.1 consumption');
  });

  it('explains a total with its exact value, and lists at most --limit records', () => {
    const { file } = aPartnerStatement();
    const r = reckon(['explain', file, 'totals.consumption', '--limit', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check {4}matches, exactly/);
    expect(r.stdout).toMatch(/records \(2 of \d+\):/);
    expect(r.stdout).toMatch(/… and \d+ more record\(s\)/);
  });

  it('explains a settlement product and an incentive service', () => {
    const settlement = listFiles(rev).find((f) => f === 'merchants/M-ALPHA/settlement.json')!;
    const s = JSON.parse(readFileSync(join(rev, settlement), 'utf8')) as { products: { product_id: string; paid: string }[] };
    const product = reckon(['explain', join(rev, settlement), `products[${s.products[0]!.product_id}].paid`]);
    expect(product.code).toBe(0);
    expect(product.stdout).toMatch(/check {4}matches, exactly/);
    const incentive = listFiles(rev).find((f) => /^incentives\/[^/]+\/incentive\.json$/.test(f))!;
    const i = JSON.parse(readFileSync(join(rev, incentive), 'utf8')) as { services: { service_type_code: string }[] };
    const service = reckon(['explain', join(rev, incentive), `services[${i.services[0]!.service_type_code}].performance`]);
    expect(service.code).toBe(0);
    expect(service.stdout).toMatch(/check {4}matches, exactly/);
  });

  it('--csv prints the selected rows as a lineage CSV', () => {
    const { file, customer } = aPartnerStatement();
    const r = reckon(['explain', file, `customers[${customer.customer_id}]`, '--csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\uFEFFline,figure,record_kind,record_id,bill_cycle,amount,rule\r\n')).toBe(true);
    const rows = parseLineageCsv(r.stdout);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.line.startsWith(`customers[${customer.customer_id}].`)).toBe(true);
  });

  it('an unknown line exits 2 and names valid keys', () => {
    const { file } = aPartnerStatement();
    const r = reckon(['explain', file, 'customers[NOBODY]']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no line or figure "customers\[NOBODY\]" in statement\.lineage\.csv; valid keys include customers\[/);
    expect(reckon(['explain', file, 'totals.consumption', '--limit', 'many']).code).toBe(2);
  });

  it('a missing statement or lineage file exits 1 with a clear message', () => {
    const missing = reckon(['explain', join(temp.dir, 'nope/statement.json'), 'totals.consumption']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/statement file .*nope\/statement\.json does not exist/);
    const alone = join(temp.dir, 'alone');
    mkdirSync(alone, { recursive: true });
    copyFileSync(aPartnerStatement().file, join(alone, 'statement.json'));
    const noLineage = reckon(['explain', join(alone, 'statement.json'), 'totals.consumption']);
    expect(noLineage.code).toBe(1);
    expect(noLineage.stderr).toMatch(/no lineage file .*statement\.lineage\.csv beside/);
    writeFileSync(join(alone, 'bad.json'), '{ not json');
    expect(reckon(['explain', join(alone, 'bad.json'), 'x']).code).toBe(1);
  });

  it('--help shows an example', () => {
    const r = reckon(['explain', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reckon explain out/2026-10/rev-1/partners/P-D01/statement.json');
  });
});
