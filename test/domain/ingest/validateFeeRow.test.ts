import { describe, expect, it } from 'vitest';
import { validateFeeRow } from '../../../src/domain/ingest/validateFeeRow';
import { CONSUMPTION_ROW, REFUND_ROW, readerFor } from './rowFixtures';

function issuesOf(cells: Record<string, string>, kind: 'consumption' | 'refunds' = 'consumption') {
  const reader = readerFor(kind, cells, 17);
  const record = validateFeeRow(reader, kind);
  return { record, issues: reader.issues.map((i) => [i.column, i.code]) , reader };
}

describe('validateFeeRow', () => {
  it('accepts a complete row and defaults the optional parts', () => {
    const { record, issues } = issuesOf({ ...CONSUMPTION_ROW });
    expect(issues).toEqual([]);
    expect(record).toMatchObject({
      kind: 'consumption', recordId: 'R1', billType: 5, chargingMode: 3, providerType: 1, currency: 'CNY',
      tradeTimeMs: Date.parse('2026-10-03T00:15:00Z'),
      amounts: { official: '12.5', discount: '2.5', erase: '0', payable: '10', cash: '10', coupon: '0' },
    });
  });

  it('collects every problem of a row at once, with file, line, column and value in the message', () => {
    const { record, issues, reader } = issuesOf({
      ...CONSUMPTION_ROW, record_id: '', bill_cycle: '2026-13', trade_time: '2026-10-03 08:15:00',
      payable_amount: '12,50', bill_type: 'rental', currency: 'cny', customer_id: 'x'.repeat(65),
    });
    expect(record).toBeUndefined();
    expect(issues).toEqual([
      ['record_id', 'row.required'], ['bill_cycle', 'row.period'], ['trade_time', 'row.time'],
      ['customer_id', 'row.length'], ['bill_type', 'row.enum'], ['currency', 'row.currency'], ['payable_amount', 'row.amount'],
    ]);
    const payable = reader.issues.find((i) => i.column === 'payable_amount')!;
    expect(payable.rawValue).toBe('12,50');
    expect(payable.message).toMatch(/^consumption\.csv line 17, column payable_amount: "12,50" is not a valid amount: not a decimal number/);
  });

  it('accepts enum names as well as codes', () => {
    const { record } = issuesOf({ ...CONSUMPTION_ROW, bill_type: 'Auto_Renewal', charging_mode: 'on-demand', provider_type: 'platform' });
    expect(record).toMatchObject({ billType: 8, chargingMode: 3, providerType: 1 });
  });

  it('converts jiao and fen exactly and rejects an unknown measure_id', () => {
    const fen = issuesOf({ ...CONSUMPTION_ROW, measure_id: '3', official_amount: '1250', discount_amount: '250', payable_amount: '1000', cash_amount: '1000' });
    expect(fen.record?.amounts).toMatchObject({ official: '12.5', payable: '10' });
    const jiao = issuesOf({ ...CONSUMPTION_ROW, measure_id: '2', official_amount: '125' });
    expect(jiao.record?.amounts.official).toBe('12.5');
    expect(issuesOf({ ...CONSUMPTION_ROW, measure_id: '4' }).issues).toEqual([['measure_id', 'row.enum']]);
  });

  it('keeps exponent notation and 28 decimals exactly', () => {
    const { record } = issuesOf({
      ...CONSUMPTION_ROW, official_amount: '1.3E-9', discount_amount: '0', payable_amount: '0.1234567890123456789012345678',
    });
    expect(record?.amounts.official).toBe('0.0000000013');
    expect(record?.amounts.payable).toBe('0.1234567890123456789012345678');
  });

  it('requires seller_id and product_id for marketplace records', () => {
    expect(issuesOf({ ...CONSUMPTION_ROW, provider_type: '2' }).issues).toEqual([['seller_id', 'row.rule'], ['product_id', 'row.rule']]);
    expect(issuesOf({ ...CONSUMPTION_ROW, provider_type: '2', seller_id: 'S1', product_id: 'P1' }).issues).toEqual([]);
  });

  it('stores a refund delivered positive with every amount negated', () => {
    const { record, issues } = issuesOf({ ...REFUND_ROW }, 'refunds');
    expect(issues).toEqual([]);
    expect(record?.amounts).toMatchObject({ official: '-12.5', discount: '-2.5', payable: '-10', cash: '-10', erase: '0' });
    expect(record).toMatchObject({ kind: 'refund', billType: 4, originalTradeId: 'T0', refundReason: 'unsubscribe' });
  });

  it('keeps a refund delivered negative as it is', () => {
    const { record } = issuesOf({ ...REFUND_ROW, official_amount: '-12.5', discount_amount: '-2.5', payable_amount: '-10', cash_amount: '-10' }, 'refunds');
    expect(record?.amounts).toMatchObject({ official: '-12.5', payable: '-10', cash: '-10' });
  });

  it('rejects a refund with a consumption bill type or an unknown reason', () => {
    expect(issuesOf({ ...REFUND_ROW, bill_type: '5' }, 'refunds').issues).toEqual([['bill_type', 'row.rule']]);
    expect(issuesOf({ ...REFUND_ROW, bill_type: '7' }, 'refunds').issues).toEqual([['bill_type', 'row.enum']]);
    expect(issuesOf({ ...REFUND_ROW, refund_reason: 'Five_Day' }, 'refunds').record?.refundReason).toBe('five_day');
    expect(issuesOf({ ...REFUND_ROW, refund_reason: 'whim' }, 'refunds').issues).toEqual([['refund_reason', 'row.enum']]);
    expect(issuesOf({ ...REFUND_ROW, original_trade_id: '' }, 'refunds').issues).toEqual([['original_trade_id', 'row.required']]);
  });
});
