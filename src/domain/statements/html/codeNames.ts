/**
 * Chinese names of the contract's codes (DOMAIN §4), for the pages people read; statements keep
 * the codes and their English labels.
 */
export const BILL_TYPE_ZH: Readonly<Record<string, string>> = {
  1: '新购', 2: '续订', 3: '变更', 5: '使用', 8: '自动续订', 12: '按时计费', 14: '服务支持计划月末扣费', 18: '按月付费',
  23: '节省计划抵扣', 25: '抹零补扣', 103: '按年付费', 4: '退款', 20: '退款', 24: '退款',
};

export const CHARGING_MODE_ZH: Readonly<Record<string, string>> = { 1: '包年/包月', 3: '按需', 10: '预留实例', 11: '节省计划' };

/** Refund kinds by refund_reason (DOMAIN §4.2), each labelled distinctly. */
export const REFUND_REASON_LABELS: Readonly<Record<string, string>> = {
  unsubscribe: 'unsubscribe · 退订',
  downgrade: 'spec change · 变更退费',
  to_on_demand: 'to on-demand · 包年/包月转按需',
  five_day: 'five-day · 5天无理由',
  cancel: 'cancel · 取消',
};

/** A refund reason as a person reads it (the code itself when unknown or empty). */
export function refundReasonLabel(reason: string): string {
  return REFUND_REASON_LABELS[reason] ?? (reason || '-');
}

/** A bill-type line's label with its Chinese name; the three refund bill types keep their code, so they stay distinct. */
export function billTypeLabel(key: string, label: string): string {
  const zh = BILL_TYPE_ZH[key];
  if (zh === undefined) return label;
  return zh === '退款' ? `${label} (bill type ${key}) · ${zh}` : `${label} · ${zh}`;
}

export function chargingModeLabel(key: string, label: string): string {
  const zh = CHARGING_MODE_ZH[key];
  return zh === undefined ? label : `${label} · ${zh}`;
}
