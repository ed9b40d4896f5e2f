import { TZDate } from '@date-fns/tz';

/**
 * The incentive payout workflow (申付, docs/incentive-payouts.md): an issued incentive statement
 * is applied for with a payout method that is then fixed; invoiced methods (`bank`,
 * `platform_account`) go through invoice review; then payment review; then paid. Any step before
 * paid can be frozen with a reason and unfrozen back to where it was. An incentive not paid one
 * year after its partner left the programme is lost. Pure: the store keeps who, when and why.
 */
export type PayoutStatus = 'issued' | 'applied' | 'invoice_review' | 'payment_review' | 'paid' | 'frozen' | 'lost';

export const PAYOUT_STATUSES: readonly PayoutStatus[] = ['issued', 'applied', 'invoice_review', 'payment_review', 'paid', 'frozen', 'lost'];

/** Payout methods whose payment needs the partner's VAT invoice reviewed first. */
export const INVOICED_PAYOUT_METHODS: ReadonlySet<string> = new Set(['bank', 'platform_account']);

export function isPayoutStatus(text: string): text is PayoutStatus {
  return (PAYOUT_STATUSES as readonly string[]).includes(text);
}

/** Where a statement may go next from `from` (not counting freezing). `frozenFrom`: the status a frozen statement returns to. */
export function nextPayoutStatuses(from: PayoutStatus, method: string, frozenFrom?: PayoutStatus): readonly PayoutStatus[] {
  switch (from) {
    case 'issued': return ['applied'];
    case 'applied': return INVOICED_PAYOUT_METHODS.has(method) ? ['invoice_review'] : ['payment_review'];
    case 'invoice_review': return ['payment_review'];
    case 'payment_review': return ['paid'];
    case 'frozen': return frozenFrom === undefined ? [] : [frozenFrom];
    case 'paid':
    case 'lost':
      return [];
  }
}

/** A statement can be frozen in any status before it is paid (and not twice, and not once lost). */
export function canFreeze(from: PayoutStatus): boolean {
  return from !== 'paid' && from !== 'frozen' && from !== 'lost';
}

/**
 * Lost one year after the partner left the programme: from the start of the day `programmeEnd`
 * (YYYY-MM-DD) plus one year, in the billing zone (29 February plus a year is 1 March).
 */
export function lostAtMs(programmeEnd: string, zone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(programmeEnd);
  if (m === null) return undefined;
  return new TZDate(Number(m[1]) + 1, Number(m[2]) - 1, Number(m[3]), zone).getTime();
}

/** The status a statement shows: its logged status, or `lost` once the deadline has passed and it is not paid. */
export function effectivePayoutStatus(logged: PayoutStatus, nowMs: number, lostAt: number | undefined): PayoutStatus {
  if (logged === 'paid' || lostAt === undefined || nowMs < lostAt) return logged;
  return 'lost';
}
