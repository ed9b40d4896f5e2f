import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { advance, canAdvance, isSettlementStatus, requiresMerchantInvoice, SETTLEMENT_STATUSES, type SettlementStatus } from '../../../src/domain/marketplace/settlementWorkflow';
import { PRODUCT_CLASSES } from '../../../src/domain/marketplace/shareRatio';

const common: [SettlementStatus, SettlementStatus][] = [
  ['billed', 'countersigning'], ['countersigning', 'countersigned'], ['countersigning', 'rejected'],
  ['rejected', 'countersigning'], ['payment_review', 'paid'],
];
const invoicing: [SettlementStatus, SettlementStatus][] = [
  ...common, ['countersigned', 'invoice_pending'], ['invoice_pending', 'invoice_review'], ['invoice_review', 'payment_review'],
];
const noInvoice: [SettlementStatus, SettlementStatus][] = [...common, ['countersigned', 'payment_review']];

describe('settlement workflow graph', () => {
  for (const invoiceRequired of [true, false]) {
    it(`${invoiceRequired ? 'with' : 'without'} a merchant invoice: exactly the transitions of DOMAIN §5.2 are allowed`, () => {
      const allowed = new Set((invoiceRequired ? invoicing : noInvoice).map(([f, t]) => `${f}>${t}`));
      for (const from of SETTLEMENT_STATUSES) {
        for (const to of SETTLEMENT_STATUSES) {
          const ok = allowed.has(`${from}>${to}`);
          expect(canAdvance(from, to, invoiceRequired), `${from} → ${to}`).toBe(ok);
          const r = advance(from, to, invoiceRequired);
          if (ok) expect(r).toEqual({ ok: true, status: to });
          else expect(r.ok ? undefined : r.error.code).toBe('settlement.transition');
        }
      }
    });
  }

  it('the merchant invoices the platform for joint, platform and curated classes, not for generic', () => {
    expect(PRODUCT_CLASSES.filter(requiresMerchantInvoice)).toEqual(['joint', 'platform', 'curated']);
  });

  it('refuses skipping the invoice, invoicing without one, and anything after paid; the message names the allowed statuses', () => {
    const skip = advance('countersigned', 'payment_review', true);
    expect(skip).toMatchObject({ ok: false, error: { code: 'settlement.transition', from: 'countersigned', to: 'payment_review', invoice_required: true, allowed: ['invoice_pending'] } });
    expect(skip.ok ? '' : skip.error.message).toBe('a settlement with a merchant invoice cannot go from countersigned to payment_review (allowed: invoice_pending)');
    expect(canAdvance('countersigned', 'invoice_pending', false)).toBe(false);
    const paid = advance('paid', 'billed', true);
    expect(paid).toMatchObject({ ok: false, error: { allowed: [] } });
    expect(paid.ok ? '' : paid.error.message).toMatch(/no transition leaves paid/);
    expect(canAdvance('rejected', 'countersigned', true)).toBe(false);
  });

  it('knows its statuses', () => {
    expect(SETTLEMENT_STATUSES.every(isSettlementStatus)).toBe(true);
    expect(isSettlementStatus('approved')).toBe(false);
    expect(isSettlementStatus('')).toBe(false);
  });

  it('every path from billed reaches paid through the graph (property)', () => {
    fc.assert(fc.property(fc.boolean(), fc.array(fc.boolean(), { maxLength: 5 }), (invoiceRequired, rejections) => {
      let status: SettlementStatus = 'billed';
      const step = (to: SettlementStatus): void => {
        const r = advance(status, to, invoiceRequired);
        expect(r.ok).toBe(true);
        status = to;
      };
      step('countersigning');
      for (const reject of rejections) if (reject) { step('rejected'); step('countersigning'); }
      step('countersigned');
      if (invoiceRequired) { step('invoice_pending'); step('invoice_review'); }
      step('payment_review');
      step('paid');
      expect(status).toBe('paid');
    }));
  });
});
