import { payeeText } from './renderPartnerStatementText';
import type { VNode } from 'preact';
import type { FeeBreakdown, PartnerStatement } from '../bills/partnerStatement';
import { bilingual, DataTable, numHeader, renderHtmlPage, RESIDUAL_LABEL, Section, StatementHead, statementTitle, textHeader, TOTAL_LABEL, type Row } from './html/htmlPage';
import { billTypeLabel, chargingModeLabel } from './html/codeNames';
import { lineageRefs, serviceLabel, type HtmlPageOptions } from './html/pageOptions';

function totalsRows(s: PartnerStatement): Row[] {
  const t = s.totals;
  const line = (en: string, zh: string, amount: string, kind?: Row['kind']): Row => ({ cells: [bilingual(en, zh), { amount }], kind });
  return [
    line('Consumption', '消费', t.consumption),
    line('Refunds', '退款', t.refunds),
    line('Adjustments', '调账', t.adjustments),
    line('Prior-period corrections', '往期更正', t.corrections),
    line('Rounding residual', '舍入差', s.settlement_rounding_residual, 'residual'),
    line('Settlement', '结算金额', t.settlement, 'total'),
    line('Coupons used', '代金券抵扣', t.coupons_used),
    line('Credit brought forward', '上期结转余额', t.credit_brought_forward),
    line('Rounding residual', '舍入差', s.amount_due_rounding_residual, 'residual'),
    line('Amount due', '应付金额', t.amount_due, 'total'),
    line('Credit carried forward', '结转下期余额', t.credit_carried),
  ];
}

function customerRows(s: PartnerStatement, refs: (string | undefined)[]): Row[] {
  const rows: Row[] = s.customers.map((c, i) => ({
    cells: [c.customer_id, c.customer_name ?? '', c.reseller_id ?? '', c.account_manager_id ?? '', { amount: c.consumption }, { amount: c.refunds }, { amount: c.adjustments }, { count: c.records }],
    lineage: refs[i],
  }));
  const r = s.customers_rounding_residual;
  rows.push({ cells: [RESIDUAL_LABEL, '', '', '', { amount: r.consumption }, { amount: r.refunds }, { amount: r.adjustments }, ''], kind: 'residual' });
  rows.push({ cells: [TOTAL_LABEL, '', '', '', { amount: s.totals.consumption }, { amount: s.totals.refunds }, { amount: s.totals.adjustments }, ''], kind: 'total' });
  return rows;
}

function Breakdown({ title, b, label = (l) => l.label }: { title: string; b: FeeBreakdown; label?: (line: FeeBreakdown['lines'][number]) => string }): VNode {
  const rows: Row[] = b.lines.map((l) => ({ cells: [l.key || '-', label(l), { amount: l.consumption }, { amount: l.refunds }, { amount: l.amount }, { count: l.records }] }));
  rows.push({ cells: [RESIDUAL_LABEL, '', { amount: b.rounding_residual.consumption }, { amount: b.rounding_residual.refunds }, { amount: b.rounding_residual.amount }, ''], kind: 'residual' });
  rows.push({ cells: [TOTAL_LABEL, '', { amount: b.total.consumption }, { amount: b.total.refunds }, { amount: b.total.amount }, ''], kind: 'total' });
  const head = [textHeader('Code', '编码'), textHeader('Name', '名称'), numHeader('Consumption', '消费'),
    numHeader('Refunds', '退款'), numHeader('Amount', '金额'), numHeader('Records', '记录数')];
  return <Section title={title}><DataTable head={head} rows={rows} /></Section>;
}

function Resellers({ s }: { s: PartnerStatement }): VNode | null {
  if (!s.resellers) return null;
  type F = { consumption: string; refunds: string; adjustments: string; corrections: string; settlement: string };
  const figures = (f: F) => [{ amount: f.consumption }, { amount: f.refunds }, { amount: f.adjustments }, { amount: f.corrections }, { amount: f.settlement }];
  const rows: Row[] = s.resellers.lines.map((l) => ({ cells: [l.partner_id, l.partner_name, ...figures(l), { count: l.customers }] }));
  rows.push({ cells: [RESIDUAL_LABEL, '', ...figures(s.resellers.rounding_residual), ''], kind: 'residual' });
  rows.push({ cells: [TOTAL_LABEL, '', ...figures(s.resellers.total), ''], kind: 'total' });
  const head = [textHeader('Reseller', '经销商'), textHeader('Name', '名称'), numHeader('Consumption', '消费'),
    numHeader('Refunds', '退款'), numHeader('Adjustments', '调账'), numHeader('Corrections', '往期更正'),
    numHeader('Settlement', '结算金额'), numHeader('Customers', '客户数')];
  return <Section title={bilingual('Per reseller', '按经销商')}><DataTable head={head} rows={rows} /></Section>;
}

/**
 * statement.html: the partner bill for people — who, what, when; the totals as statement.json
 * has them (residual lines included); every drill-down; corrections naming their period; a link
 * from each traced line to its lineage rows. Figures are the JSON's strings, never recomputed.
 */
export function renderPartnerStatementHtml(statement: PartnerStatement, options: HtmlPageOptions): string {
  const s = statement;
  const refs = lineageRefs(s, 'partner', options.lineageFile);
  const referralRows: Row[] = s.referral.customers.map((c, i) => ({
    cells: [c.customer_id, c.customer_name ?? '', c.reseller_id ?? '', { amount: c.consumption }, { amount: c.refunds }, { count: c.records }],
    lineage: refs('referral.customers')[i],
  }));
  referralRows.push({ cells: [RESIDUAL_LABEL, '', '', { amount: s.referral.rounding_residual.consumption }, { amount: s.referral.rounding_residual.refunds }, ''], kind: 'residual' });
  referralRows.push({ cells: [TOTAL_LABEL, '', '', { amount: s.referral.total.consumption }, { amount: s.referral.total.refunds }, ''], kind: 'total' });
  const correctionRows: Row[] = s.corrections.lines.map((l, i) => ({
    cells: [bilingual(`Correction of ${l.original_period}`, `${l.original_period} 更正`), { amount: l.amount }, { count: l.records }],
    lineage: refs('corrections.lines')[i],
  }));
  correctionRows.push({ cells: [RESIDUAL_LABEL, { amount: s.corrections.rounding_residual }, ''], kind: 'residual' });
  correctionRows.push({ cells: [TOTAL_LABEL, { amount: s.corrections.total }, ''], kind: 'total' });
  const couponRows: Row[] = [
    { cells: [bilingual('Coupons paid on records', '记录中的代金券'), { amount: s.coupons.from_records }] },
    ...s.coupons.partner_coupons.map((c) => ({ cells: [bilingual(`Partner coupon ${c.coupon_id}`, `伙伴代金券 ${c.coupon_id}`), { amount: c.amount }] })),
    { cells: [RESIDUAL_LABEL, { amount: s.coupons.rounding_residual }], kind: 'residual' },
    { cells: [TOTAL_LABEL, { amount: s.coupons.total }], kind: 'total' },
  ];
  const heading = bilingual('Partner bill', '伙伴账单');
  const title = statementTitle(heading, s.period, s.partner_id, s.partner_name);
  const body = (
    <main>
      <StatementHead heading={heading} period={s.period} id={s.partner_id} name={s.partner_name} files={options} facts={[
        [bilingual('Partner', '伙伴'), s.partner_id],
        [bilingual('Name', '名称'), s.partner_name || '-'],
        [bilingual('Roles', '角色'), s.partner_roles.length > 0 ? s.partner_roles.join(', ') : '-'],
        ...(s.payee === undefined ? [] : [[bilingual('Pays', '付款对象'), payeeText(s.payee)] as [string, string]]),
        [bilingual('Period', '账期'), s.period],
        [bilingual('Revision', '版本'), String(s.revision)],
        [bilingual('Currency', '币种'), s.currency],
        [bilingual('Billing time zone', '账期时区'), options.zone],
      ]} />
      <Section title={`${bilingual('Totals', '汇总')} (${s.currency})`}>
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={totalsRows(s)} />
      </Section>
      <Section title={bilingual('Sub-customers (resale)', '子客户（转售）')}>
        <DataTable
          head={[textHeader('Customer', '客户'), textHeader('Name', '名称'), textHeader('Via reseller', '经销商'), textHeader('Customer manager', '客户经理'),
            numHeader('Consumption', '消费'), numHeader('Refunds', '退款'), numHeader('Adjustments', '调账'), numHeader('Records', '记录数')]}
          rows={customerRows(s, refs('customers'))}
        />
      </Section>
      <Breakdown title={bilingual('Per service type', '按产品类型')} b={s.by_service_type}
        label={(l) => (options.serviceNames?.has(l.key) ? serviceLabel(l.key, options.serviceNames) : l.label)} />
      <Breakdown title={bilingual('Per region', '按区域')} b={s.by_region} />
      <Breakdown title={bilingual('Per charging mode', '按计费模式')} b={s.by_charging_mode} label={(l) => chargingModeLabel(l.key, l.label)} />
      <Breakdown title={bilingual('Per bill type', '按账单类型')} b={s.by_bill_type} label={(l) => billTypeLabel(l.key, l.label)} />
      <Resellers s={s} />
      <Section title={bilingual('Referral customers (reported for performance, not billed)', '推荐客户（计入业绩，不计费）')}>
        <DataTable head={[textHeader('Customer', '客户'), textHeader('Name', '名称'), textHeader('Via reseller', '经销商'),
          numHeader('Consumption', '消费'), numHeader('Refunds', '退款'), numHeader('Records', '记录数')]} rows={referralRows} />
      </Section>
      <Section title={bilingual('Prior-period corrections', '往期更正')}>
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额'), numHeader('Records', '记录数')]} rows={correctionRows} />
      </Section>
      <Section title={bilingual('Coupons', '代金券')}>
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={couponRows} />
      </Section>
      <Section title={bilingual('Counts', '计数')}>
        <DataTable head={[{ label: '' }, numHeader('Count', '数量')]} rows={Object.entries(s.counts).map(([k, v]) => ({ cells: [k.replace(/_/g, ' '), { count: v }] }))} />
      </Section>
    </main>
  );
  return renderHtmlPage(title, body);
}
