import { errorFamilyOf } from '../errorFamilies';
import { fundIdentityProblems, type AccountActivity } from '../funds/fundLedger';
import { voucherIdentityProblems } from '../funds/voucherLedger';
import { signOfDecimal } from '../money/exactDecimal';
import { checkRow, type CheckResult } from './checkResult';

/**
 * Partner fund ledgers (docs/partner-funds.md), for every partner and currency with activity:
 * - `funds.balance`: both identities hold exactly (the partner's balance and every customer's);
 *   `fail` when not; a customer whose closing balance is below zero is a `warn` (it spent more
 *   than it was allocated);
 * - `funds.movement`: a movement the rules refused (`warn`, with its code and error family);
 * - `funds.conflict`: a movement_id delivered again with other content (`fail`; the first is kept).
 * A period without fund activity has no such row.
 */
export function fundChecks(activities: readonly AccountActivity[], conflicts: readonly { movementId: string; fileId: number; line: number }[]): CheckResult[] {
  const rows: CheckResult[] = [];
  for (const a of activities) {
    const subject = `partner ${a.partner_id} ${a.currency}`;
    const problems = fundIdentityProblems(a);
    rows.push(problems.length === 0
      ? checkRow('funds.balance', 'ok', `${subject}: ${a.customers.length} customers, closing ${a.totals.closing_balance}`)
      : checkRow('funds.balance', 'fail', subject, { expected: 'both balance identities hold', actual: problems.join('; ') }));
    for (const c of a.exact.customers) {
      if (signOfDecimal(c.closing_balance) < 0) {
        rows.push(checkRow('funds.balance', 'warn', `${subject} customer ${c.customer_id}`, {
          expected: 'closing balance ≥ 0.00', actual: `${a.customers.find((l) => l.customer_id === c.customer_id)?.closing_balance}: spent more than allocated`,
        }));
      }
    }
    if (a.vouchers !== undefined) {
      const v = a.vouchers;
      const problems = voucherIdentityProblems(v);
      rows.push(problems.length === 0
        ? checkRow('vouchers.balance', 'ok', `${subject}: quota ${v.quota}, used ${v.closing_used}, available ${v.available}`)
        : checkRow('vouchers.balance', 'fail', subject, { expected: 'every customer voucher balance identity holds', actual: problems.join('; ') }));
      for (const r of v.rejected) {
        rows.push(checkRow('vouchers.event', 'warn', `${subject} voucher event ${r.event_id}`, {
          expected: `${r.operation}${r.amount ? ` ${r.amount}` : ''} applied`, actual: `rejected ${r.code} [${errorFamilyOf(r.code)}]: ${r.message}`,
        }));
      }
    }
    for (const r of a.rejected) {
      rows.push(checkRow('funds.movement', 'warn', `${subject} movement ${r.movement_id}`, {
        expected: `${r.operation} ${r.amount} applied`, actual: `rejected ${r.code} [${errorFamilyOf(r.code)}]: ${r.message}`,
      }));
    }
  }
  for (const c of conflicts) {
    rows.push(checkRow('funds.conflict', 'fail', `movement ${c.movementId}`, { expected: 'same content as first delivered', actual: `other content (delivery file ${c.fileId} line ${c.line}); the first is kept` }));
  }
  return rows;
}
