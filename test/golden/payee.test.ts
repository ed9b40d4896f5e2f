import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/listFiles';

/**
 * "Who pays whom" on every hand-checked case: a bill paid to a distributor is inside that
 * distributor's bill (its resellers line has the same settlement), so only bills paid to the
 * platform add up to what the platform is owed (docs/outputs.md "Adding bills up").
 */
const CASES = join(__dirname, '../../fixtures/cases');

interface Bill { period: string; partner_id: string; currency: string; payee?: string; totals: { settlement: string }; resellers?: { lines: { partner_id: string; settlement: string }[] } }

describe('payee on the golden statements', () => {
  const bills = listFiles(CASES)
    .filter((f) => /\/expected\/(.*\/)?partners\/[^/]+\/statement(\.[A-Z]{3})?\.json$/.test(f))
    .map((f) => ({ file: f, bill: JSON.parse(readFileSync(join(CASES, f), 'utf8')) as Bill }));

  it('every bill names its payee; a reseller\'s bill is a resellers line of its payee\'s bill', () => {
    expect(bills.length).toBeGreaterThan(10);
    let paidToDistributors = 0;
    for (const { file, bill } of bills) {
      expect(bill.payee, file).toBeDefined();
      if (bill.payee === 'platform') continue;
      paidToDistributors++;
      const dir = file.slice(0, file.indexOf('/partners/'));
      const distributor = bills.find((b) => b.file.startsWith(`${dir}/partners/${bill.payee}/`) && b.bill.currency === bill.currency);
      expect(distributor, `${file}: the bill of ${bill.payee}`).toBeDefined();
      const line = distributor!.bill.resellers?.lines.find((l) => l.partner_id === bill.partner_id);
      expect(line?.settlement, `${file} inside ${distributor!.file}`).toBe(bill.totals.settlement);
    }
    expect(paidToDistributors).toBeGreaterThan(0);
  });
});
