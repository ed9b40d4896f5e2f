import { configFromEnv } from '../../app/config';
import { isoInZone } from '../../domain/period/zonedTime';
import { queryRecords, type RecordFilters } from '../../app/queryRecords';
import { renderCsv, type CsvCell } from '../../domain/statements/csvFormat';
import { EXIT_OK, EXIT_USAGE, UserError } from '../exitCodes';
import { openStore, storeLocation } from '../openStore';
import { requirePeriod } from '../arguments';

export interface RecordsOptions {
  period?: string;
  customer?: string;
  accountName?: string;
  manager?: string;
  trade?: string;
  resource?: string;
  productType?: string;
  associationType?: string;
  chargingMode?: string;
  billType?: string;
  region?: string;
  partner?: string;
  kind?: string;
  limit?: string;
  db?: string;
}

const HEADER = [
  'kind', 'record_id', 'bill_cycle', 'trade_time', 'customer_id', 'account_name', 'partner', 'association_type',
  'account_manager_id', 'trade_id', 'bill_type', 'charging_mode', 'service_type_code', 'region_code', 'resource_id',
  'resource_name', 'currency', 'official_amount', 'payable_amount', 'coupon_amount', 'cash_amount',
];

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UserError(`--${name} must be a whole number, got "${value}"`, EXIT_USAGE);
  return Number(value);
}

/** Parses and checks the filter options; wrong values are usage errors naming the option. */
export function recordFilters(o: RecordsOptions): RecordFilters {
  if (!o.period) throw new UserError('--period YYYY-MM is required (e.g. --period 2026-10)', EXIT_USAGE);
  requirePeriod(o.period, '--period');
  if (o.associationType && o.associationType !== 'resale' && o.associationType !== 'referral') {
    throw new UserError(`--association-type must be resale or referral, got "${o.associationType}"`, EXIT_USAGE);
  }
  if (o.kind && !['consumption', 'refund', 'all'].includes(o.kind)) throw new UserError('--kind must be consumption, refund or all', EXIT_USAGE);
  return {
    period: o.period, customerId: o.customer, accountName: o.accountName, accountManagerId: o.manager, tradeId: o.trade,
    resource: o.resource, serviceTypeCode: o.productType, associationType: o.associationType as RecordFilters['associationType'],
    chargingMode: intOption('charging-mode', o.chargingMode), billType: intOption('bill-type', o.billType), regionCode: o.region,
    partnerId: o.partner, kind: (o.kind as RecordFilters['kind']) ?? 'all', limit: intOption('limit', o.limit),
  };
}

/** `reckon records --period …`: matching fee records as CSV on stdout. */
export async function recordsCommand(options: RecordsOptions): Promise<number> {
  const filters = recordFilters(options);
  const zone = configFromEnv(process.env).zone;
  const db = await openStore(storeLocation(options.db, process.env));
  try {
    const rows: CsvCell[][] = [];
    const count = await queryRecords(db, filters, (v) => {
      const r = v.record;
      rows.push([
        r.kind, r.recordId, r.billCycle, isoInZone(r.tradeTimeMs, zone), r.customerId, r.accountName, v.attributedPartnerId,
        v.associationType, r.accountManagerId || v.associationManagerId, r.tradeId, r.billType, r.chargingMode, r.serviceTypeCode,
        r.regionCode, r.resourceId, r.resourceName, r.currency, { amount: r.amounts.official }, { amount: r.amounts.payable },
        { amount: r.amounts.coupon }, { amount: r.amounts.cash },
      ]);
    });
    process.stdout.write(renderCsv(HEADER, rows).replace(/^\uFEFF/, ''));
    process.stderr.write(`${count} record(s)\n`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}
