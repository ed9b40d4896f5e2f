import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_SPECS, type FileKind } from '../../../src/domain/ingest/fileSpecs';
import { codePointLength, ID_COLUMNS, MAX_ID_LENGTH, type RowReader } from '../../../src/domain/ingest/RowReader';
import { validateAdjustmentRow } from '../../../src/domain/ingest/validateAdjustmentRow';
import { validateFeeRow } from '../../../src/domain/ingest/validateFeeRow';
import { validateReferenceRow } from '../../../src/domain/ingest/validateReferenceRow';
import { CONSUMPTION_ROW, readerFor, REFUND_ROW } from './rowFixtures';

/** One valid row of every file, with every id column it can carry filled in. */
/** (A cloud export has its own columns and its own id rule: test/domain/imports.) */
const VALID_ROWS: Readonly<Record<Exclude<FileKind, 'export'>, Record<string, string>>> = {
  consumption: { ...CONSUMPTION_ROW, partner_id: 'P1', indirect_partner_id: 'D1', provider_type: '2', seller_id: 'M1', product_id: 'PR1' },
  refunds: { ...REFUND_ROW, partner_id: 'P1', indirect_partner_id: 'D1', provider_type: '2', seller_id: 'M1', product_id: 'PR1' },
  adjustments: { record_id: 'A1', bill_cycle: '2026-10', trade_time: '2026-10-03T08:15:00+08:00', customer_id: 'C1', adjustment_type: 'charge', amount: '1' },
  partners: { partner_id: 'P1', name: 'Acme', roles: 'reseller', parent_partner_id: 'D1' },
  associations: { customer_id: 'C1', partner_id: 'P1', association_type: 'resale', valid_from: '2026-01-01' },
  'partner-coupons': { partner_id: 'P1', coupon_id: 'K1', period: '2026-10', amount: '1' },
  'provider-summary': { partner_id: 'P1', bill_cycle: '2026-10', consumption: '1', refunds: '0', adjustments: '0', amount_due: '1' },
  'marketplace-products': { product_id: 'PR1', seller_id: 'M1', product_class: 'generic', platform_fee_rate: '0.05' },
  'share-tiers': { platform_fee_rate: '0.05', min_monthly_paid: '0', extra_merchant_share: '0.01' },
  'merchant-deposits': { seller_id: 'M1', deposit_balance: '0' },
  'merchant-payments': { seller_id: 'M1', payment_id: 'PAY-1', period: '2026-10', amount: '10.50' },
  'payment-thresholds': { currency: 'USD', threshold: '150' },
  'voucher-quotas': { partner_id: 'P1', quota: '1000' },
  'partner-vouchers': { event_id: 'V-1', time: '2026-10-03T08:15:00+08:00', partner_id: 'P1', operation: 'issue', customer_id: 'C1', amount: '10' },
  'fund-movements': { movement_id: 'FM-1', time: '2026-10-03T08:15:00+08:00', partner_id: 'P1', operation: 'allocate', customer_id: 'C1', indirect_partner_id: 'D1', amount: '10.00' },
  'incentive-policies': { service_type_code: '*', policy: '0', rate: '0.01' },
  'special-incentives': { partner_id: 'P1', program: 'X', period: '2026-10', amount: '1' },
  'service-types': { service_type_code: 'hws.service.type.ec2', name: 'Elastic Cloud Server', name_zh: '弹性云服务器' },
};

function validate(kind: Exclude<FileKind, 'export'>, reader: RowReader): unknown {
  if (kind === 'consumption' || kind === 'refunds') return validateFeeRow(reader, kind);
  if (kind === 'adjustments') return validateAdjustmentRow(reader);
  return validateReferenceRow(reader, kind, 'Asia/Shanghai');
}

/** Every (file, id column) pair the contract has. */
const ID_CELLS = FILE_SPECS.flatMap((spec) => [...spec.required, ...spec.optional].filter((c) => ID_COLUMNS.has(c)).map((column) => ({ kind: spec.kind as Exclude<FileKind, 'export'>, column })));

describe('one length rule for an id wherever it appears', () => {
  it('covers every id column of every file, reference files included', () => {
    const columns = ID_CELLS.map((c) => `${c.kind}.${c.column}`);
    for (const cell of ['consumption.seller_id', 'consumption.product_id', 'marketplace-products.seller_id', 'merchant-deposits.seller_id', 'partners.parent_partner_id', 'special-incentives.partner_id']) {
      expect(columns).toContain(cell);
    }
    for (const kind of Object.keys(VALID_ROWS) as Exclude<FileKind, 'export'>[]) expect(validate(kind, readerFor(kind, VALID_ROWS[kind])), kind).toBeDefined();
  });

  it('accepts 64 characters (counted as code points: 64 emoji are 128 UTF-16 units) and rejects 65 with row.length, file, line, column and value', () => {
    for (const { kind, column } of ID_CELLS) {
      const longest = '😀'.repeat(MAX_ID_LENGTH);
      expect(validate(kind, readerFor(kind, { ...VALID_ROWS[kind], [column]: longest })), `${kind}.${column}`).toBeDefined();
      const tooLong = `${'商'.repeat(MAX_ID_LENGTH)}x`;
      const reader = readerFor(kind, { ...VALID_ROWS[kind], [column]: tooLong }, 7);
      expect(validate(kind, reader), `${kind}.${column}`).toBeUndefined();
      expect(reader.issues.map((i) => [i.column, i.code, i.rawValue, i.line])).toEqual([[column, 'row.length', tooLong, 7]]);
      expect(reader.issues[0]!.message).toContain(`${reader.fileName} line 7, column ${column}`);
      expect(reader.issues[0]!.message).toContain('is 65 characters long; an id has at most 64');
    }
  });

  it('counts code points like the rest of the engine ([...text].length) (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'binary-ascii', maxLength: 5 }), (text, tail) => {
      expect(codePointLength(text)).toBe([...text].length);
      expect(codePointLength(`\uD800${tail}`)).toBe([...`\uD800${tail}`].length); // a lone surrogate counts as one
    }));
  });
});
