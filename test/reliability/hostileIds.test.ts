import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safePathSegment } from '../../src/domain/statements/safePathSegment';
import { listFiles } from '../helpers/listFiles';
import { makeTempDir } from '../helpers/tempDir';
import { testDatabaseLocation, type TestDatabaseLocation } from '../helpers/testDatabase';

const ROOT = join(__dirname, '../..');
const temp = makeTempDir('hostile-ids');
const stores: TestDatabaseLocation[] = [];
afterAll(async () => {
  for (const store of stores) await store.cleanup();
  temp.cleanup();
});

/** Ids the contract accepts (≤ 64 characters) that once broke or merged folders. */
const CJK_PARTNER = '华东云汇科技有限公司上海分公司第一事业部云计算业务中心华南'.slice(0, 29);
const EMOJI_PARTNER = '😀🚀🌏🎉'.repeat(8);
const CJK_SELLER = '商'.repeat(32) + '家'.repeat(32);
const TOO_LONG_SELLER = '商'.repeat(65);
const PARTNERS = [CJK_PARTNER, EMOJI_PARTNER, 'acme', 'ACME', 'CON'];

const FEE_HEADER = 'record_id,bill_cycle,trade_time,customer_id,trade_id,bill_type,charging_mode,service_type_code,product_id,provider_type,seller_id,official_amount,discount_amount,payable_amount,cash_amount';

/** A one-month delivery: one customer and one usage record per partner, two marketplace sales (one with a seller id too long). */
function writeDelivery(dir: string): void {
  const files: Record<string, string[]> = {
    'reference/partners.csv': ['partner_id,name,roles,parent_partner_id,currency,payout_method',
      ...PARTNERS.map((p, i) => `${p},Partner ${i},distributor,,CNY,bank`)],
    'reference/associations.csv': ['customer_id,partner_id,association_type,valid_from,valid_to,account_manager_id',
      ...PARTNERS.map((p, i) => `C${i},${p},resale,2026-01-01,,`)],
    'reference/marketplace-products.csv': ['product_id,seller_id,product_class,platform_fee_rate,five_day_refund', `PX,${CJK_SELLER},generic,0.05,false`],
    'reference/share-tiers.csv': ['platform_fee_rate,min_monthly_paid,extra_merchant_share', '0.05,100000,0.02'],
    'consumption.csv': [FEE_HEADER,
      ...PARTNERS.map((_, i) => `R${i},2026-10,2026-10-0${i + 1}T10:00:00+08:00,C${i},TX-${i},5,3,hws.service.type.ec2,,1,,1${i}.00,0,1${i}.00,1${i}.00`),
      `K1,2026-10,2026-10-03T10:00:00+08:00,CU1,O-1,1,1,hws.service.type.marketplace,PX,2,${CJK_SELLER},100.00,0,100.00,100.00`,
      `K2,2026-10,2026-10-04T10:00:00+08:00,CU1,O-2,1,1,hws.service.type.marketplace,PX,2,${TOO_LONG_SELLER},50.00,0,50.00,50.00`],
  };
  for (const [name, lines] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }
}

/** Runs the built CLI as a user would (run `npm run build` first; npm test does). */
function close(input: string, out: string) {
  const store = testDatabaseLocation(`hostile-${stores.length}`);
  stores.push(store);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/reckon.js'), 'close', '2026-10', '--input', input, '--out', out, '--db', store.location, '--quiet'], {
    cwd: temp.dir, encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr };
}

const read = (path: string) => readFileSync(path);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('ids the contract accepts never break or merge output folders (end to end)', () => {
  it('closes with 29 CJK, 32 emoji, 64 CJK, case-twin and CON ids: short folders, real ids inside, byte-identical twice', () => {
    const input = join(temp.dir, 'delivery');
    writeDelivery(input);
    const [outA, outB] = [join(temp.dir, 'out-a'), join(temp.dir, 'out-b')];
    const first = close(input, outA);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const rev = join(outA, '2026-10/rev-1');
    const files = listFiles(rev);

    for (const f of files) for (const segment of f.split('/')) expect(Buffer.byteLength(segment), f).toBeLessThanOrEqual(255);
    const manifest = json(join(rev, 'manifest.json')) as { files: { path: string }[] };
    expect([...manifest.files.map((f) => f.path), 'manifest.json'].sort()).toEqual(files);

    const partnerFolders = files.filter((f) => f.endsWith('/statement.json')).map((f) => f.split('/')[1]!);
    expect(new Set(partnerFolders.map((f) => f.toLowerCase())).size).toBe(PARTNERS.length); // acme and ACME apart, even case-insensitively
    for (const partner of PARTNERS) {
      const statement = json(join(rev, 'partners', safePathSegment(partner), 'statement.json'));
      expect(statement.partner_id).toBe(partner);
    }
    expect(safePathSegment('CON')).not.toBe('CON');
    const settlement = json(join(rev, 'merchants', safePathSegment(CJK_SELLER), 'settlement.json'));
    expect(settlement.seller_id).toBe(CJK_SELLER);
    expect(readFileSync(join(rev, 'rejects.csv'), 'utf8')).toContain(`consumption.csv,8,seller_id,${TOO_LONG_SELLER},row.length`);

    const second = close(input, outB);
    expect(second.code).toBe(0);
    expect(listFiles(join(outB, '2026-10/rev-1'))).toEqual(files);
    for (const f of files) expect(read(join(outB, '2026-10/rev-1', f)).equals(read(join(rev, f))), f).toBe(true);
  });
});
