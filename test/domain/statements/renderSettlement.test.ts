import { describe, expect, it } from 'vitest';
import type { SettlementStatement } from '../../../src/domain/marketplace/settlementStatement';
import {
  renderInvoiceListCsv, renderSettlementCsv, renderSettlementJson, renderSettlementText,
} from '../../../src/domain/statements/renderSettlement';

const SELLER_NAME = '=SUM(A1:A9) 某某商贸';

/**
 * October: a generic product that reached a share tier and a joint product; a refund whose
 * order is unknown (this period's ratio), a five-day refund netting an order of the month; an
 * unpaid generic balance from August stays below the threshold and is carried, the joint
 * class is paid and needs a merchant invoice. The figures tie: 2280.07 + 300.00 = 1710.00 + 870.07.
 */
function issued(): SettlementStatement {
  return {
    period: '2026-10', revision: 1, seller_id: 'M-1001', currency: 'CNY', status: 'billed',
    products: [
      {
        product_id: 'P-GEN', paid: '600.00', merchant_share: '582.00', platform_fee: '18.00', product_class: 'generic',
        platform_fee_rate: '0.05', merchant_ratio: '0.97', tier: { min_monthly_paid: '500.00', extra_merchant_share: '0.02' },
        paid_exact: '600', records: 3,
      },
      {
        product_id: 'P-JNT', paid: '2000.00', merchant_share: '1800.00', platform_fee: '200.00', product_class: 'joint',
        platform_fee_rate: '0.1', merchant_ratio: '0.9', tier: null, paid_exact: '1999.995', records: 2,
      },
    ],
    totals: {
      gross: '2600.00', merchant_share: '2382.00', platform_fee: '218.00', refunds: '-112.30', refunds_reversed: '-101.93',
      net: '2280.07', brought_forward: '300.00', deducted_from_deposit: '0.00', payback_receivable: '0.00', payable: '1710.00',
      carried_forward: '870.07', refunds_platform_fee: '-10.37', corrections: '0.00',
    },
    statement_id: 'S-2026-10-r1-CNY-M-1001',
    seller_name: SELLER_NAME,
    refunds: [
      {
        record_id: 'R-1', original_trade_id: 'T-GONE', original_period: '', product_id: 'P-GEN', product_class: 'generic',
        refund_reason: 'unsubscribe', merchant_ratio: '0.97', ratio_source: 'unknown_order',
        paid: '-12.30', merchant_share: '-11.93', platform_fee: '-0.37', five_day_netted: false,
      },
      {
        record_id: 'R-2', original_trade_id: 'T-9', original_period: '2026-10', product_id: 'P-JNT', product_class: 'joint',
        refund_reason: 'five_day', merchant_ratio: '0.9', ratio_source: 'order',
        paid: '-100.00', merchant_share: '-90.00', platform_fee: '-10.00', five_day_netted: true,
      },
    ],
    five_day_netting: [{
      trade_id: 'T-9', product_id: 'P-JNT',
      order_record_ids: ['F-7'], order_paid: '100.00', order_merchant_share: '90.00', order_platform_fee: '10.00',
      refund_record_ids: ['R-2'], refund_paid: '-100.00', refund_merchant_share: '-90.00', refund_platform_fee: '-10.00',
      net_paid: '0.00', net_merchant_share: '0.00',
    }],
    corrections: [],
    cascade: [
      { step: 'unpaid_brought_forward', product_class: 'generic', from_period: '2026-08', amount: '300.00' },
      { step: 'period_net', product_class: 'generic', from_period: '2026-10', amount: '570.07' },
      { step: 'period_net', product_class: 'joint', from_period: '2026-10', amount: '1710.00' },
      { step: 'unpaid_carried_forward', product_class: 'generic', from_period: '2026-08', amount: '870.07' },
      { step: 'payable', product_class: 'joint', from_period: '2026-10', amount: '1710.00' },
    ],
    deposit: { opening: '500.00', deducted: '0.00', remaining: '500.00', source: 'merchant_deposits', source_period: null },
    valid_orders: 4,
    invoice_list: {
      required: true,
      lines: [{
        payment_request_no: 'PR-2026-10-CNY-M-1001-joint', product_class: 'joint', amount: '1710.00', rate: '0.06',
        net: '1613.21', tax: '96.79', remark: '付款申请号 PR-2026-10-CNY-M-1001-joint；对账期 2026-10',
      }],
    },
    carried: [{ kind: 'unpaid', product_class: 'generic', from_period: '2026-08', amount: '870.07' }],
  };
}

/**
 * December: a refund of a joint order of October exceeds the month's sales; November's pending
 * deduction of 800.00 takes the generic balance, then the whole deposit (500.00), and 205.00 is
 * a payback receivable; December's own shortfall (-450.00) is carried once. Nothing is paid,
 * so no invoice. The figures tie: -355.00 − 800.00 + 500.00 + 205.00 = 0.00 − 450.00.
 */
function shortfall(): SettlementStatement {
  return {
    period: '2026-12', revision: 1, seller_id: 'M-1001', currency: 'CNY', status: 'billed',
    products: [{
      product_id: 'P-GEN', paid: '100.00', merchant_share: '95.00', platform_fee: '5.00', product_class: 'generic',
      platform_fee_rate: '0.05', merchant_ratio: '0.95', tier: null, paid_exact: '100', records: 1,
    }],
    totals: {
      gross: '100.00', merchant_share: '95.00', platform_fee: '5.00', refunds: '-500.00', refunds_reversed: '-450.00',
      net: '-355.00', brought_forward: '-800.00', deducted_from_deposit: '500.00', payback_receivable: '205.00', payable: '0.00',
      carried_forward: '-450.00', refunds_platform_fee: '-50.00', corrections: '0.00',
    },
    statement_id: 'S-2026-12-r1-CNY-M-1001',
    seller_name: SELLER_NAME,
    refunds: [{
      record_id: 'R-31', original_trade_id: 'T-5', original_period: '2026-10', product_id: 'P-JNT', product_class: 'joint',
      refund_reason: 'unsubscribe', merchant_ratio: '0.9', ratio_source: 'order',
      paid: '-500.00', merchant_share: '-450.00', platform_fee: '-50.00', five_day_netted: false,
    }],
    five_day_netting: [],
    corrections: [],
    cascade: [
      { step: 'deduction_brought_forward', product_class: null, from_period: '2026-11', amount: '-800.00' },
      { step: 'period_net', product_class: 'generic', from_period: '2026-12', amount: '95.00' },
      { step: 'period_net', product_class: 'joint', from_period: '2026-12', amount: '-450.00' },
      { step: 'deduction_absorbed', product_class: 'generic', from_period: '2026-11', amount: '95.00' },
      { step: 'deducted_from_deposit', product_class: null, from_period: '2026-11', amount: '500.00' },
      { step: 'payback_receivable', product_class: null, from_period: '2026-11', amount: '205.00' },
      { step: 'deduction_carried_forward', product_class: null, from_period: '2026-12', amount: '-450.00' },
    ],
    deposit: { opening: '500.00', deducted: '500.00', remaining: '0.00', source: 'previous_settlement', source_period: '2026-11' },
    valid_orders: 1,
    invoice_list: { required: false, lines: [] },
    carried: [{ kind: 'deduction', from_period: '2026-12', amount: '-450.00' }],
  };
}

/** Every object's keys reversed, at every depth: the same statement as a store might hand it back. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

/** settlement.csv as rows of named cells (the fixtures hold no quoted cells). */
function csvRows(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.replace(/^\uFEFF/, '').replace(/\r\n$/, '').split('\r\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(names.length);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
  });
}

/** Every number in a JSON document (numeric strings included), at any depth. */
function numbersIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  if (typeof value === 'number') return [String(value)];
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? [value] : [];
}

describe('settlement.json', () => {
  it('writes the contract fields first, then the extras in the type order', () => {
    const parsed = JSON.parse(renderSettlementJson(issued())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'period', 'revision', 'seller_id', 'currency', 'status', 'products', 'totals',
      'statement_id', 'seller_name', 'refunds', 'five_day_netting', 'corrections', 'cascade', 'deposit', 'valid_orders', 'invoice_list', 'carried',
    ]);
    expect(Object.keys(parsed.totals as object)).toEqual([
      'gross', 'merchant_share', 'platform_fee', 'refunds', 'refunds_reversed', 'net', 'brought_forward',
      'deducted_from_deposit', 'payback_receivable', 'payable', 'carried_forward', 'refunds_platform_fee', 'corrections',
    ]);
    const products = parsed.products as Record<string, unknown>[];
    expect(Object.keys(products[0]!)).toEqual([
      'product_id', 'paid', 'merchant_share', 'platform_fee', 'product_class', 'platform_fee_rate', 'merchant_ratio', 'tier', 'paid_exact', 'records',
    ]);
    expect(products[1]!.paid_exact).toBe('1999.995');
  });

  it('gives identical bytes for a statement whose keys come in another order', () => {
    const s = issued();
    const shuffled = reversedKeys(s) as SettlementStatement;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(s));
    expect(renderSettlementJson(shuffled)).toBe(renderSettlementJson(s));
    const later = shortfall();
    expect(renderSettlementJson(reversedKeys(later) as SettlementStatement)).toBe(renderSettlementJson(later));
  });

  it('keeps the document unchanged apart from the order: a parse gives the statement back', () => {
    for (const s of [issued(), shortfall()]) expect(JSON.parse(renderSettlementJson(s))).toEqual(s);
    expect(renderSettlementJson(issued()).endsWith('}\n')).toBe(true);
  });
});

describe('settlement.csv', () => {
  const csv = renderSettlementCsv(issued());

  it('is UTF-8 with BOM and CRLF, with the documented columns', () => {
    expect(csv.startsWith(
      '\uFEFFsection,key,label,detail,product_id,product_class,from_period,rate,ratio,tier_min_monthly_paid,tier_extra_merchant_share,'
      + 'paid,paid_exact,merchant_share,platform_fee,amount,net_of_tax,tax,records\r\n',
    )).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('escapes a formula-like seller name and keeps negative amounts plain', () => {
    expect(csv).toContain("\r\nstatement,seller_id,M-1001,'=SUM(A1:A9) 某某商贸,");
    expect(csv).toContain('\r\nrefund,R-1,unsubscribe,order T-GONE unknown; ratio of the product this period,P-GEN,generic,,,0.97,,,-12.30,,-11.93,-0.37,,,,\r\n');
    const r1 = csvRows(csv).find((r) => r.section === 'refund' && r.key === 'R-1')!;
    expect([r1.paid, r1.merchant_share, r1.platform_fee, r1.ratio]).toEqual(['-12.30', '-11.93', '-0.37', '0.97']);
  });

  it('has a row for every product, refund, five-day line and cascade step, in order', () => {
    const s = issued();
    const own = csvRows(csv);
    const products = own.filter((r) => r.section === 'product');
    expect(products.map((r) => [r.key, r.product_class, r.rate, r.ratio, r.tier_min_monthly_paid, r.tier_extra_merchant_share, r.paid, r.paid_exact, r.merchant_share, r.platform_fee, r.records]))
      .toEqual([
        ['P-GEN', 'generic', '0.05', '0.97', '500.00', '0.02', '600.00', '600', '582.00', '18.00', '3'],
        ['P-JNT', 'joint', '0.1', '0.9', '', '', '2000.00', '1999.995', '1800.00', '200.00', '2'],
      ]);
    expect(own.filter((r) => r.section === 'refund').map((r) => r.key)).toEqual(s.refunds.map((r) => r.record_id));
    expect(own.filter((r) => r.section === 'five_day_netting').map((r) => [r.label, r.paid, r.merchant_share]))
      .toEqual([['order', '100.00', '90.00'], ['refund', '-100.00', '-90.00'], ['net', '0.00', '0.00']]);
    for (const fixture of [issued(), shortfall()]) {
      const cascade = csvRows(renderSettlementCsv(fixture)).filter((r) => r.section === 'cascade');
      expect(cascade.map((r) => [r.key, r.product_class, r.from_period, r.amount]))
        .toEqual(fixture.cascade.map((l) => [l.step, l.product_class ?? '', l.from_period, l.amount]));
    }
  });

  it('shows every figure of settlement.json', () => {
    for (const s of [issued(), shortfall()]) {
      const cells = new Set(csvRows(renderSettlementCsv(s)).flatMap((r) => Object.values(r)));
      const missing = numbersIn(JSON.parse(renderSettlementJson(s))).filter((n) => !cells.has(n));
      expect(missing).toEqual([]);
    }
  });

  it('writes the totals in the JSON order and the invoice line with its tax split', () => {
    const rows = csvRows(csv);
    expect(rows.filter((r) => r.section === 'totals').map((r) => `${r.key}=${r.amount}`)).toEqual([
      'gross=2600.00', 'merchant_share=2382.00', 'platform_fee=218.00', 'refunds=-112.30', 'refunds_reversed=-101.93', 'net=2280.07',
      'brought_forward=300.00', 'deducted_from_deposit=0.00', 'payback_receivable=0.00', 'payable=1710.00', 'carried_forward=870.07',
      'refunds_platform_fee=-10.37', 'corrections=0.00',
    ]);
    const invoice = rows.find((r) => r.section === 'invoice')!;
    expect([invoice.key, invoice.rate, invoice.amount, invoice.net_of_tax, invoice.tax]).toEqual(['PR-2026-10-CNY-M-1001-joint', '0.06', '1710.00', '1613.21', '96.79']);
  });
});

describe('merchant invoice list csv', () => {
  const HEADER = '\uFEFFpayment_request_no,seller_id,period,product_class,amount,rate,net,tax,remark\r\n';

  it('has one row per payment request with the fixed columns, the rate as a number', () => {
    expect(renderInvoiceListCsv(issued())).toBe(
      `${HEADER}PR-2026-10-CNY-M-1001-joint,M-1001,2026-10,joint,1710.00,0.06,1613.21,96.79,付款申请号 PR-2026-10-CNY-M-1001-joint；对账期 2026-10\r\n`,
    );
  });

  it('is the header alone when no merchant invoice is required', () => {
    expect(renderInvoiceListCsv(shortfall())).toBe(HEADER);
    const s = issued();
    expect(renderInvoiceListCsv({ ...s, invoice_list: { ...s.invoice_list, required: false } })).toBe(HEADER);
  });
});

describe('settlement.txt', () => {
  it('walks through the statement and shows the identity with its figures', () => {
    const text = renderSettlementText(issued());
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Marketplace settlement 2026-10, revision 1, currency CNY',
      `Seller: M-1001 (${SELLER_NAME})`,
      'Statement: S-2026-10-r1-CNY-M-1001',
      'Status at issue: billed',
    ]);
    expect(text).toContain('  2280.07 + 300.00 + 0.00 + 0.00 = 1710.00 + 870.07\n');
    expect(text).toContain('  both sides: 2580.07\n');
    expect(text).toMatch(/P-GEN\s+generic\s+0\.05\s+>= 500\.00: \+0\.02\s+0\.97\s+600\.00\s+582\.00\s+18\.00\n/);
    expect(text).toMatch(/R-1\s+T-GONE\s+-\s+P-GEN .*-12\.30\s+-11\.93\s+-0\.37\s+\?\n/);
    expect(text).toMatch(/R-2\s+T-9\s+2026-10\s+.*-100\.00\s+-90\.00\s+-10\.00\s+5d\n/);
    expect(text).toMatch(/PR-2026-10-CNY-M-1001-joint\s+joint\s+1710\.00\s+0\.06\s+1613\.21\s+96\.79/);
    expect(text).toContain('Valid orders: 4\n');
    const steps = ['unpaid balance brought forward', 'net of the period', 'unpaid balance carried forward', 'payable'].map((l) => text.indexOf(`  ${l}`));
    expect(steps.every((i, n) => i > 0 && (n === 0 || i > steps[n - 1]!))).toBe(true);
  });

  it('shows the deposit, the payback and the missing invoice of a shortfall month', () => {
    const text = renderSettlementText(shortfall());
    expect(text).toContain('  (-355.00) + (-800.00) + 500.00 + 205.00 = 0.00 + (-450.00)\n');
    expect(text).toContain('  both sides: -450.00\n');
    expect(text).toMatch(/5\s+deducted from deposit\s+-\s+2026-11\s+500\.00\n/);
    expect(text).toMatch(/6\s+payback receivable \(merchant pays back\)\s+-\s+2026-11\s+205\.00\n/);
    expect(text).toContain('  Source: settlement of 2026-11\n');
    expect(text).toContain('No merchant invoice required.');
    expect(text).not.toContain('5d');
  });

  it('says so when a statement does not tie', () => {
    const s = issued();
    const text = renderSettlementText({ ...s, totals: { ...s.totals, payable: '1700.00' } });
    expect(text).toContain('DOES NOT HOLD: left 2580.07, right 2570.07');
  });
});
