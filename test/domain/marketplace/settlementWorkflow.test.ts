import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { advance, canAdvance, SETTLEMENT_STATUSES, type SettlementStatus } from '../../../src/domain/marketplace/settlementWorkflow';
import { PRODUCT_CLASSES, type ProductClass } from '../../../src/domain/marketplace/shareRatio';

const common: [SettlementStatus, SettlementStatus][] = [
  ['billed', 'countersigning'], ['countersigning', 'countersigned'], ['countersigning', 'rejected'],
  ['rejected', 'countersigning'], ['payment_review', 'paid'],
];
const invoicing: [SettlementStatus, SettlementStatus][] = [
  ...common, ['countersigned', 'invoice_pending'], ['invoice_pending', 'invoice_review'], ['invoice_review', 'payment_review'],
];
const generic: [SettlementStatus, SettlementStatus][] = [...common, ['countersigned', 'payment_review']];
const allowedFor = (c: ProductClass): [SettlementStatus, SettlementStatus][] => (c === 'generic' ? generic : invoicing);

describe('settlement workflow graph', () => {
  for (const productClass of PRODUCT_CLASSES) {
    it(`${productClass}: exactly the transitions of DOMAIN §5.2 are allowed`, () => {
      const allowed = new Set(allowedFor(productClass).map(([f, t]) => `${f}>${t}`));
      for (const from of SETTLEMENT_STATUSES) {
        for (const to of SETTLEMENT_STATUSES) {
          const ok = allowed.has(`${from}>${to}`);
          expect(canAdvance(from, to, productClass), `${from} → ${to}`).toBe(ok);
          const r = advance(from, to, productClass);
          if (ok) expect(r).toEqual({ ok: true, status: to });
          else expect(r.ok ? undefined : r.error.code).toBe('settlement.transition');
        }
      }
    });
  }

  it('refuses skipping the invoice for joint, invoicing for generic, and anything after paid', () => {
    const joint = advance('countersigned', 'payment_review', 'joint');
    expect(joint).toMatchObject({ ok: false, error: { code: 'settlement.transition', from: 'countersigned', to: 'payment_review', allowed: ['invoice_pending'] } });
    expect(canAdvance('countersigned', 'invoice_pending', 'generic')).toBe(false);
    expect(advance('paid', 'billed', 'curated')).toMatchObject({ ok: false, error: { allowed: [] } });
    expect(canAdvance('rejected', 'countersigned', 'platform')).toBe(false);
  });

  it('every path from billed reaches paid through the class graph (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...PRODUCT_CLASSES), fc.array(fc.boolean(), { maxLength: 5 }), (productClass, rejections) => {
      let status: SettlementStatus = 'billed';
      const step = (to: SettlementStatus): void => {
        const r = advance(status, to, productClass);
        expect(r.ok).toBe(true);
        status = to;
      };
      step('countersigning');
      for (const reject of rejections) if (reject) { step('rejected'); step('countersigning'); }
      step('countersigned');
      if (productClass !== 'generic') { step('invoice_pending'); step('invoice_review'); }
      step('payment_review');
      step('paid');
      expect(status).toBe('paid');
    }));
  });
});
