import type { Knex } from 'knex';
import type { ReferenceKind } from '../../domain/ingest/fileSpecs';
import type {
  Association, IncentivePolicyRow, MarketplaceProduct, MerchantDeposit, MerchantPayment, PaymentThreshold, VoucherQuota, Partner, PartnerCoupon, ProviderSummaryRow, ReferenceData, ShareTier,
  SpecialIncentiveRow, ServiceTypeName,
} from '../../domain/reference/types';
import { insertRowsChunked } from './insertValues';
import type { Database } from './openDatabase';

/** A stored reference row: the validated row as JSON, versioned by the file that brought it. */
export interface ReferenceRowRecord {
  fileId: number;
  kind: ReferenceKind;
  line: number;
  data: unknown;
}

export async function insertReferenceRows(
  db: Database, conn: Knex.Transaction, rows: readonly ReferenceRowRecord[],
): Promise<void> {
  await insertRowsChunked(db, conn, 'reference_rows', ['file_id', 'kind', 'line', 'data'],
    rows.map((r) => [r.fileId, r.kind, r.line, JSON.stringify(r.data)]));
}

/**
 * Rows of the latest version (highest file_id) of each reference kind, in file line order;
 * with `maxFileId`, the latest version delivered up to that file (what a run's view sees).
 */
export async function loadLatestReferenceRows(db: Database, kinds?: readonly ReferenceKind[], maxFileId?: number): Promise<ReferenceRowRecord[]> {
  const k = db.knex;
  const versions = k('reference_rows').select('kind').max({ file_id: 'file_id' }).groupBy('kind');
  if (maxFileId !== undefined) versions.where('file_id', '<=', maxFileId);
  const latest = versions.as('latest');
  const query = k('reference_rows as r')
    .join(latest, (j) => j.on('r.kind', '=', 'latest.kind').andOn('r.file_id', '=', 'latest.file_id'))
    .select('r.file_id', 'r.kind', 'r.line', 'r.data')
    .orderBy([{ column: 'r.kind' }, { column: 'r.line' }, { column: 'r.id' }]);
  if (kinds !== undefined) query.whereIn('r.kind', kinds as ReferenceKind[]);
  const rows = await query;
  return rows.map((r) => ({ fileId: Number(r.file_id), kind: r.kind, line: Number(r.line), data: JSON.parse(r.data) as unknown }));
}

/**
 * The reference data a close reads: the latest delivered version of each kind. Provider summary
 * is undefined when no delivery ever brought one (it is optional, DOMAIN §4.4).
 */
export async function loadReferenceData(db: Database, maxFileId?: number): Promise<ReferenceData> {
  const rows = await loadLatestReferenceRows(db, [
    'partners', 'associations', 'partner-coupons', 'provider-summary', 'marketplace-products', 'share-tiers', 'merchant-deposits', 'merchant-payments', 'payment-thresholds', 'voucher-quotas',
    'incentive-policies', 'special-incentives', 'service-types',
  ], maxFileId);
  const of = <T>(kind: ReferenceKind): T[] => rows.filter((r) => r.kind === kind).map((r) => r.data as T);
  const providerSummary = of<ProviderSummaryRow>('provider-summary');
  return {
    partners: of<Partner>('partners'),
    associations: of<Association>('associations').map((a) => ({ ...a, validToMs: a.validToMs ?? undefined })),
    partnerCoupons: of<PartnerCoupon>('partner-coupons'),
    providerSummary: rows.some((r) => r.kind === 'provider-summary') ? providerSummary : undefined,
    marketplaceProducts: of<MarketplaceProduct>('marketplace-products'),
    shareTiers: of<ShareTier>('share-tiers'),
    merchantDeposits: of<MerchantDeposit>('merchant-deposits'),
    merchantPayments: of<MerchantPayment>('merchant-payments'),
    paymentThresholds: of<PaymentThreshold>('payment-thresholds'),
    voucherQuotas: of<VoucherQuota>('voucher-quotas'),
    incentivePolicies: of<IncentivePolicyRow>('incentive-policies'),
    specialIncentives: of<SpecialIncentiveRow>('special-incentives'),
    serviceTypes: of<ServiceTypeName>('service-types'),
  };
}
