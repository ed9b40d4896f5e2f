import { describe, expect, it } from 'vitest';
import type { IncentiveStatement } from '../../../src/domain/incentives/incentiveStatement';
import {
  INCENTIVE_CSV_HEADER, renderIncentiveCsv, renderIncentiveJson, renderIncentiveText,
} from '../../../src/domain/statements/renderIncentive';

const PARTNER_NAME = '=HYPERLINK("http://x") 某某科技';

/**
 * October, paid by bank transfer, invoice at 6 %. Policies: ecs 1 with tiers 0.00 → 0.02 and
 * 100000.00 → 0.03, rds 13 (tier only), cdn 2 (excluded), dew without any row. Counted
 * performance 118500.003 + 8000.004 + 500.004 = 127000.011 → 127000.01 (shown lines add to
 * 127000.00: residual 0.01), which reaches ecs's upper tier: 0.03 × 118500.003 = 3555.00009 →
 * 3555.00. Specials: growth 0.05 × 30000.00 new-customer performance = 1500.00, capped at
 * 1000.00; launch bonus 800.00. Result 3555.00 + 1800.00 = 5355.00; with −355.00 carried in
 * from September the balance is 5000.00, all payable: net round(5000 / 1.06) = 4716.98, tax 283.02.
 * (The figures are what IncentiveBuilder gives for these inputs.)
 */
function invoiced(): IncentiveStatement {
  return {
    period: '2026-10', revision: 1, partner_id: 'SP-2001', currency: 'CNY',
    totals: {
      performance: '127000.01', base_incentive: '3555.00', special_incentive: '1800.00', carried_in: '-355.00',
      payable: '5000.00', carried_out: '0.00', period_result: '5355.00', corrections: '0.00',
    },
    invoice: {
      required: true, type: 'vat_special', gross: '5000.00', rate: '0.06', net: '4716.98', tax: '283.02',
      content: '信息技术服务*技术服务费', signing_entity: '某某云计算有限公司',
      note: 'issue a VAT special invoice (增值税专用发票, paper or electronic; never an ordinary invoice) of 5000.00 to 某某云计算有限公司',
    },
    partner_name: PARTNER_NAME,
    payout_method: 'bank',
    services: [
      {
        service_type_code: 'cdn', policy: 2, policy_source: 'service', tier_min_period_performance: '0.00', rate: '0',
        performance: '2800.00', consumption: '3000.00', refunds: '-200.00', incentive: '0.00', incentive_exact: '0',
        performance_exact: '2800', counts_toward_tier: false, records: 2,
      },
      {
        service_type_code: 'dew', policy: null, policy_source: 'none', tier_min_period_performance: null, rate: '0',
        performance: '500.00', consumption: '500.00', refunds: '0.00', incentive: '0.00', incentive_exact: '0',
        performance_exact: '500.004', counts_toward_tier: true, records: 1,
      },
      {
        service_type_code: 'ecs', policy: 1, policy_source: 'service', tier_min_period_performance: '100000.00', rate: '0.03',
        performance: '118500.00', consumption: '120000.00', refunds: '-1500.00', incentive: '3555.00', incentive_exact: '3555.00009',
        performance_exact: '118500.003', counts_toward_tier: true, records: 3,
      },
      {
        service_type_code: 'rds', policy: 13, policy_source: 'service', tier_min_period_performance: '0.00', rate: '0',
        performance: '8000.00', consumption: '8000.00', refunds: '0.00', incentive: '0.00', incentive_exact: '0',
        performance_exact: '8000.004', counts_toward_tier: true, records: 1,
      },
    ],
    services_rounding_residual: { performance: '0.01', incentive: '0.00' },
    special: [
      {
        program: 'growth-2026Q4', kind: 'rate', rate: '0.05', basis: 'new_customer_performance', basis_amount: '30000.00',
        computed: '1500.00', cap: '1000.00', capped: true, incentive: '1000.00',
      },
      {
        program: 'launch-bonus', kind: 'amount', rate: null, basis: null, basis_amount: null,
        computed: '800.00', cap: null, capped: false, incentive: '800.00',
      },
    ],
    carried_in_from: '2026-09',
    special_rounding_residual: '0.00',
    corrections: [],
    other_currency_records: 0,
  };
}

/**
 * November, revision 2, paid as voucher quota (no invoice). ecs (own rows, policy 1, 0.05) had
 * refunds of −6000.004 against 1000.00 of consumption: performance −5000.004 → −5000.00,
 * incentive −250.0002 → −250.00; obs (* rows, policy 0, 0.01) 8000.008 → 8000.01, incentive
 * 80.00008 → 80.00. Performance 3000.004 → 3000.00 (lines add to 3000.01: residual −0.01),
 * base −170.00, summit bonus 50.00, result −120.00; with −45.00 carried in from October the
 * balance is −165.00: nothing payable, −165.00 carried out. Two records in USD left out.
 */
function clawback(): IncentiveStatement {
  return {
    period: '2026-11', revision: 2, partner_id: 'SP-2002', currency: 'CNY',
    totals: {
      performance: '3000.00', base_incentive: '-170.00', special_incentive: '50.00', carried_in: '-45.00',
      payable: '0.00', carried_out: '-165.00', period_result: '-120.00', corrections: '0.00',
    },
    invoice: {
      required: false, type: null, gross: null, rate: null, net: null, tax: null, content: null, signing_entity: null,
      note: 'paid as voucher quota (返代金券额度): no invoice required',
    },
    partner_name: '云帆科技',
    payout_method: 'voucher_quota',
    services: [
      {
        service_type_code: 'ecs', policy: 1, policy_source: 'service', tier_min_period_performance: '0.00', rate: '0.05',
        performance: '-5000.00', consumption: '1000.00', refunds: '-6000.00', incentive: '-250.00', incentive_exact: '-250.0002',
        performance_exact: '-5000.004', counts_toward_tier: true, records: 2,
      },
      {
        service_type_code: 'obs', policy: 0, policy_source: 'wildcard', tier_min_period_performance: '0.00', rate: '0.01',
        performance: '8000.01', consumption: '8000.01', refunds: '0.00', incentive: '80.00', incentive_exact: '80.00008',
        performance_exact: '8000.008', counts_toward_tier: true, records: 1,
      },
    ],
    services_rounding_residual: { performance: '-0.01', incentive: '0.00' },
    special: [{
      program: 'partner-summit', kind: 'amount', rate: null, basis: null, basis_amount: null,
      computed: '50.00', cap: null, capped: false, incentive: '50.00',
    }],
    carried_in_from: '2026-10',
    special_rounding_residual: '0.00',
    corrections: [],
    other_currency_records: 2,
  };
}

/** Every object's keys reversed, at every depth: the same statement as a store might hand it back. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

/** A minimal RFC 4180 reader: incentive.csv has quoted cells (the partner name, the note). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = csv.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i += 1;
    } else cell += ch;
  }
  return rows;
}

/** incentive.csv as rows of named cells. */
function csvRows(csv: string): Record<string, string>[] {
  const [names, ...lines] = parseCsv(csv);
  return lines.map((cells) => {
    expect(cells).toHaveLength(names!.length);
    return Object.fromEntries(names!.map((n, i) => [n, cells[i]!]));
  });
}

/** Every number in a JSON document (numeric strings included), at any depth. */
function numbersIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  if (typeof value === 'number') return [String(value)];
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? [value] : [];
}

describe('incentive.json', () => {
  it('writes the contract fields first, then the extras in the type order', () => {
    const parsed = JSON.parse(renderIncentiveJson(invoiced())) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'period', 'revision', 'partner_id', 'currency', 'totals', 'invoice',
      'partner_name', 'payout_method', 'services', 'services_rounding_residual', 'special', 'special_rounding_residual', 'corrections', 'carried_in_from', 'other_currency_records',
    ]);
    expect(Object.keys(parsed.totals as object)).toEqual([
      'performance', 'base_incentive', 'special_incentive', 'carried_in', 'payable', 'carried_out', 'period_result', 'corrections',
    ]);
    expect(Object.keys(parsed.invoice as object)).toEqual([
      'required', 'type', 'gross', 'rate', 'net', 'tax', 'content', 'signing_entity', 'note',
    ]);
    const services = parsed.services as Record<string, unknown>[];
    expect(Object.keys(services[0]!)).toEqual([
      'service_type_code', 'policy', 'policy_source', 'tier_min_period_performance', 'rate', 'performance', 'consumption', 'refunds',
      'incentive', 'incentive_exact', 'performance_exact', 'counts_toward_tier', 'records',
    ]);
    expect(Object.keys((parsed.special as object[])[0]!)).toEqual([
      'program', 'kind', 'rate', 'basis', 'basis_amount', 'computed', 'cap', 'capped', 'incentive',
    ]);
  });

  it('keeps the nulls of an invoice that is not required, and amounts as strings', () => {
    const json = renderIncentiveJson(clawback());
    const invoice = (JSON.parse(json) as { invoice: Record<string, unknown> }).invoice;
    expect(invoice).toEqual({
      required: false, type: null, gross: null, rate: null, net: null, tax: null, content: null, signing_entity: null,
      note: 'paid as voucher quota (返代金券额度): no invoice required',
    });
    expect(json).toContain('"carried_out": "-165.00"');
    expect(json).not.toContain('"policy": null');
    expect(renderIncentiveJson(invoiced())).toContain('"policy": null');
  });

  it('gives identical bytes for a statement whose keys come in another order', () => {
    for (const s of [invoiced(), clawback()]) {
      const shuffled = reversedKeys(s) as IncentiveStatement;
      expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(s));
      expect(renderIncentiveJson(shuffled)).toBe(renderIncentiveJson(s));
    }
  });

  it('drops keys the type does not know and otherwise gives the statement back', () => {
    for (const s of [invoiced(), clawback()]) expect(JSON.parse(renderIncentiveJson(s))).toEqual(s);
    const s = invoiced();
    const extra = { ...s, internal: 'x', totals: { ...s.totals, balance_exact: '5000' } } as IncentiveStatement;
    expect(renderIncentiveJson(extra)).toBe(renderIncentiveJson(s));
    expect(renderIncentiveJson(s).endsWith('}\n')).toBe(true);
  });
});

describe('incentive.csv', () => {
  const csv = renderIncentiveCsv(invoiced());

  it('is UTF-8 with BOM and CRLF, with the documented columns', () => {
    expect(csv.startsWith(
      '\uFEFFsection,key,label,detail,from_period,policy,policy_source,counts_toward_tier,tier_min_period_performance,rate,'
      + 'consumption,refunds,performance,performance_exact,incentive,incentive_exact,basis,basis_amount,computed,cap,capped,amount,records\r\n',
    )).toBe(true);
    expect(INCENTIVE_CSV_HEADER).toHaveLength(23);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('escapes a formula-like partner name and keeps negative amounts plain', () => {
    expect(csv).toContain(`\r\nstatement,partner_id,SP-2001,"'=HYPERLINK(""http://x"") 某某科技",`);
    const rows = csvRows(csv);
    expect(rows.find((r) => r.key === 'partner_id')!.detail).toBe(`'${PARTNER_NAME}`);
    const later = renderIncentiveCsv(clawback());
    expect(later).toContain('\r\ntotals,carried_out,clawback carried out,,,,,,,,,,,,,,,,,,,-165.00,\r\n');
    expect(later).toContain('\r\nservice.rounding_residual,,rounding residual,,,,,,,,,,-0.01,,0.00,,,,,,,,\r\n');
    const ecs = csvRows(later).find((r) => r.section === 'service' && r.key === 'ecs')!;
    expect([ecs.refunds, ecs.performance, ecs.performance_exact, ecs.incentive, ecs.incentive_exact])
      .toEqual(['-6000.00', '-5000.00', '-5000.004', '-250.00', '-250.0002']);
    expect(later).not.toContain("'-");
  });

  it('has a row for every service with its policy, tier and figures, then the residual and the total', () => {
    const rows = csvRows(csv);
    const service = rows.filter((r) => r.section!.startsWith('service'));
    expect(service.map((r) => [
      r.section, r.key, r.policy, r.policy_source, r.counts_toward_tier, r.tier_min_period_performance, r.rate,
      r.consumption, r.refunds, r.performance, r.performance_exact, r.incentive, r.incentive_exact, r.records,
    ])).toEqual([
      ['service', 'cdn', '2', 'service', 'false', '0.00', '0', '3000.00', '-200.00', '2800.00', '2800', '0.00', '0', '2'],
      ['service', 'dew', '', 'none', 'true', '', '0', '500.00', '0.00', '500.00', '500.004', '0.00', '0', '1'],
      ['service', 'ecs', '1', 'service', 'true', '100000.00', '0.03', '120000.00', '-1500.00', '118500.00', '118500.003', '3555.00', '3555.00009', '3'],
      ['service', 'rds', '13', 'service', 'true', '0.00', '0', '8000.00', '0.00', '8000.00', '8000.004', '0.00', '0', '1'],
      ['service.rounding_residual', '', '', '', '', '', '', '', '', '0.01', '', '0.00', '', ''],
      ['service.total', '', '', '', '', '', '', '', '', '127000.01', '', '3555.00', '', ''],
    ]);
    expect(service.find((r) => r.key === 'cdn')!.detail).toMatch(/excluded \(policy 2\)/);
    expect(service.find((r) => r.key === 'dew')!.detail).toMatch(/no policy row/);
    const wildcard = csvRows(renderIncentiveCsv(clawback())).find((r) => r.key === 'obs')!;
    expect([wildcard.policy, wildcard.policy_source]).toEqual(['0', 'wildcard']);
  });

  it('has a row for every special program, capped or not', () => {
    const special = csvRows(csv).filter((r) => r.section === 'special');
    expect(special.map((r) => [r.key, r.label, r.rate, r.basis, r.basis_amount, r.computed, r.cap, r.capped, r.incentive])).toEqual([
      ['growth-2026Q4', 'rate', '0.05', 'new_customer_performance', '30000.00', '1500.00', '1000.00', 'true', '1000.00'],
      ['launch-bonus', 'amount', '', '', '', '800.00', '', 'false', '800.00'],
    ]);
  });

  it('writes the totals in the JSON order, carried_in with its period, and the invoice field by field', () => {
    const rows = csvRows(csv);
    expect(rows.filter((r) => r.section === 'totals').map((r) => `${r.key}=${r.amount}${r.from_period ? ` from ${r.from_period}` : ''}`)).toEqual([
      'performance=127000.01', 'base_incentive=3555.00', 'special_incentive=1800.00', 'carried_in=-355.00 from 2026-09',
      'payable=5000.00', 'carried_out=0.00', 'period_result=5355.00', 'corrections=0.00',
    ]);
    const value = (r: Record<string, string>): string => (r.key === 'rate' ? r.rate! : ['gross', 'net', 'tax'].includes(r.key!) ? r.amount! : r.label!);
    const invoice = Object.fromEntries(rows.filter((r) => r.section === 'invoice').map((r) => [r.key, value(r)]));
    expect(invoice).toEqual({
      required: 'true', type: 'vat_special', gross: '5000.00', rate: '0.06', net: '4716.98', tax: '283.02',
      content: '信息技术服务*技术服务费', signing_entity: '某某云计算有限公司', note: invoiced().invoice.note,
    });
    const none = Object.fromEntries(csvRows(renderIncentiveCsv(clawback())).filter((r) => r.section === 'invoice').map((r) => [r.key, value(r)]));
    expect(none).toEqual({
      required: 'false', type: '', gross: '', rate: '', net: '', tax: '', content: '', signing_entity: '',
      note: 'paid as voucher quota (返代金券额度): no invoice required',
    });
  });

  it('uses only the documented sections, and counts records in another currency', () => {
    const sections = new Set(csvRows(renderIncentiveCsv(clawback())).map((r) => r.section));
    expect([...sections]).toEqual(['statement', 'service', 'service.rounding_residual', 'service.total', 'special', 'special.rounding_residual', 'totals', 'invoice', 'count']);
    const count = csvRows(renderIncentiveCsv(clawback())).find((r) => r.section === 'count')!;
    expect([count.key, count.records]).toEqual(['other_currency_records', '2']);
  });

  it('shows every figure of incentive.json', () => {
    for (const s of [invoiced(), clawback()]) {
      const cells = new Set(csvRows(renderIncentiveCsv(s)).flatMap((r) => Object.values(r)));
      const numbers = numbersIn(JSON.parse(renderIncentiveJson(s)));
      expect(numbers.length).toBeGreaterThan(s.services.length * 7);
      expect(numbers.filter((n) => !cells.has(n))).toEqual([]);
    }
  });
});

describe('incentive.txt', () => {
  const text = renderIncentiveText(invoiced());

  it('opens with the partner, the period, the revision, the currency and the payout method', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Incentive statement 2026-10, revision 1, currency CNY',
      `Partner: SP-2001 (${PARTNER_NAME})`,
      'Payout method: bank (bank transfer; the partner invoices the platform)',
    ]);
  });

  it('shows every service with its policy, source, tier, rate and figures, the excluded one after the total', () => {
    expect(text).toMatch(/\n {2}dew +- +no row +- +0 +500\.00 +0\.00 +500\.00 +0\.00 +no policy row: counts toward tiers, earns 0\n/);
    expect(text).toMatch(/\n {2}ecs +1 +own rows +>= 100000\.00 +0\.03 +120000\.00 +-1500\.00 +118500\.00 +3555\.00\n/);
    expect(text).toMatch(/\n {2}rds +13 +own rows +>= 0\.00 +0 +8000\.00 +0\.00 +8000\.00 +0\.00 +policy 13: counts toward tiers, earns 0\n/);
    expect(text).toMatch(/\n {2}rounding residual( +)0\.01 +0\.00\n/);
    expect(text).toMatch(/\n {2}total +127000\.01 +3555\.00 +performance; base incentive\n/);
    expect(text).toMatch(/\n {2}cdn +2 +own rows +>= 0\.00 +0 +3000\.00 +-200\.00 +2800\.00 +0\.00 +excluded \(policy 2\)/);
    const lines = text.split('\n');
    const order = [/^ {2}dew /, /^ {2}ecs /, /^ {2}rds /, /^ {2}rounding residual /, /^ {2}total +127000\.01/, /^ {2}cdn /]
      .map((re) => lines.findIndex((l) => re.test(l)));
    expect(order.every((i, n) => i > 0 && (n === 0 || i === order[n - 1]! + 1))).toBe(true);
    expect(text).toContain('reach with the total performance, 127000.01.');
    expect(text).toContain('excluded (policy 2): listed after the total');
    expect(text).not.toContain('* rows: the service has no policy rows');
    expect(renderIncentiveText(clawback())).toMatch(/\n {2}obs +0 +\* rows +>= 0\.00 +0\.01 +8000\.01 +0\.00 +8000\.01 +80\.00\n/);
  });

  it('shows each special program with its basis, cap and the capped marker', () => {
    expect(text).toMatch(/\n {2}growth-2026Q4 +rate x basis +0\.05 +new-customer performance +30000\.00 +1500\.00 +1000\.00 +1000\.00 +capped\n/);
    expect(text).toMatch(/\n {2}launch-bonus +fixed amount +- +- +- +800\.00 +- +800\.00\n/);
    expect(text).toMatch(/\n {2}total +1800\.00\n/);
    expect(text).toContain('capped: the computed amount is above the cap');
    expect(renderIncentiveText(clawback())).not.toMatch(/capped(:|\n)/);
  });

  it('walks through the carry-forward with the figures', () => {
    expect(text).toContain([
      '  period_result = base_incentive + special_incentive',
      '                = 3555.00 + 1800.00 = 5355.00',
      '  balance       = period_result + carried_in (brought forward from 2026-09)',
      '                = 5355.00 + (-355.00) = 5000.00',
      '  payable       = max(0, balance)',
      '                = max(0, 5000.00) = 5000.00',
      '  carried_out   = min(0, balance)',
      '                = min(0, 5000.00) = 0.00',
    ].join('\n'));
    expect(text).not.toContain('DOES NOT HOLD');
  });

  it('carries a clawback out and says that no invoice is required', () => {
    const later = renderIncentiveText(clawback());
    expect(later).toContain([
      '                = (-170.00) + 50.00 = -120.00',
      '  balance       = period_result + carried_in (brought forward from 2026-10)',
      '                = (-120.00) + (-45.00) = -165.00',
      '  payable       = max(0, balance)',
      '                = max(0, -165.00) = 0.00',
      '  carried_out   = min(0, balance)',
      '                = min(0, -165.00) = -165.00',
      '  The clawback of -165.00 is carried to the next period and netted against its incentive; nothing is paid.',
    ].join('\n'));
    expect(later).toContain('Payout method: voucher_quota (as voucher quota (返代金券额度); no invoice)');
    expect(later).toContain('  Invoice required: no\n  paid as voucher quota (返代金券额度): no invoice required\n');
    expect(later).not.toContain('增值税专用发票');
    expect(later).toContain('Records in another currency (not counted): 2\n');
    expect(later).not.toContain('DOES NOT HOLD');
  });

  it('says what to invoice, to whom, and that net + tax = gross', () => {
    expect(text).toContain('Invoice required: yes. The partner issues to the platform a VAT special invoice (增值税专用发票),');
    expect(text).toContain('paper or electronic; an ordinary invoice (普通发票) is not accepted.');
    expect(text).toContain('  Invoice to (signing entity): 某某云计算有限公司\n');
    expect(text).toContain('  Invoice content: 信息技术服务*技术服务费\n');
    expect(text).toMatch(/gross \(tax inclusive, = payable\) +5000\.00\n/);
    expect(text).toMatch(/\n {2}rate +0\.06 \(6 %\)\n/);
    expect(text).toMatch(/\n {2}net of tax +4716\.98\n/);
    expect(text).toMatch(/\n {2}tax +283\.02\n/);
    expect(text).toContain('  net + tax = gross: 4716.98 + 283.02 = 5000.00\n');
  });

  it('says so when the figures do not tie', () => {
    const s = invoiced();
    const broken = renderIncentiveText({
      ...s,
      totals: { ...s.totals, period_result: '5350.00', carried_out: '-1.00' },
      invoice: { ...s.invoice, tax: '283.00' },
    });
    expect(broken).toContain('DOES NOT HOLD: the sum is 5355.00, the statement shows 5350.00');
    expect(broken).toContain('DOES NOT HOLD: min(0, 4995.00) is 0.00, the statement shows -1.00');
    expect(broken).toContain('net + tax = gross DOES NOT HOLD: 4716.98 + 283.00, gross 5000.00');
  });

  it('keeps control characters of a name out of the layout', () => {
    const s = invoiced();
    const t = renderIncentiveText({ ...s, partner_name: 'Evil\nCo', special: [] });
    expect(t.split('\n')[1]).toBe('Partner: SP-2001 (Evil Co)');
    expect(t).toMatch(/Special incentives, per program \(capped at the program's cap\)\n=+\n {2}none\n/);
  });
});
