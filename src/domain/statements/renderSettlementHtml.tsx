import type { VNode } from 'preact';
import type { SettlementStatement } from '../marketplace/settlementStatement';
import { CASCADE_STEP_LABELS, TOTAL_FIELDS, TOTAL_LABELS } from './renderSettlementCsv';
import { bilingual, DataTable, renderHtmlPage, Section, StatementHead, statementTitle, type Header, type Row } from './html/htmlPage';
import { refundReasonLabel } from './html/codeNames';
import { lineageRefs, type HtmlPageOptions } from './html/pageOptions';

const num = (en: string, zh: string): Header => ({ label: bilingual(en, zh), num: true });
const text = (en: string, zh: string): Header => ({ label: bilingual(en, zh) });

function Products({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode {
  const rows: Row[] = s.products.map((p, i) => ({
    cells: [p.product_id, p.product_class, p.platform_fee_rate, p.tier ? `≥ ${p.tier.min_monthly_paid}: +${p.tier.extra_merchant_share}` : '-',
      p.merchant_ratio, { amount: p.paid }, { amount: p.merchant_share }, { amount: p.platform_fee }, { count: p.records }],
    lineage: refs[i],
  }));
  rows.push({ cells: [bilingual('Total', '合计'), '', '', '', '', { amount: s.totals.gross }, { amount: s.totals.merchant_share }, { amount: s.totals.platform_fee }, ''], kind: 'total' });
  const head = [text('Product', '商品'), text('Class', '类别'), text('Fee rate', '费率'), text('Tier reached', '阶梯'), text('Merchant ratio', '分成比例'),
    num('Paid', '实付'), num('Merchant share', '商家分成'), num('Platform fee', '平台费用'), num('Records', '记录数')];
  return <Section title={bilingual('Sales of the period, per product', '本期销售（按商品）')}><DataTable head={head} rows={rows} /></Section>;
}

function Refunds({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode {
  const rows: Row[] = s.refunds.map((r, i) => ({
    cells: [r.record_id, r.original_trade_id || '-', r.original_period || '-', r.product_id, refundReasonLabel(r.refund_reason), r.merchant_ratio,
      { amount: r.paid }, { amount: r.merchant_share }, { amount: r.platform_fee },
      [r.five_day_netted ? bilingual('five-day, netted', '5天无理由，已轧差') : '', r.ratio_source === 'unknown_order' ? bilingual('original order unknown', '原订单未知') : ''].filter(Boolean).join('; ')],
    lineage: refs[i],
  }));
  if (rows.length > 0) {
    rows.push({ cells: [bilingual('Total', '合计'), '', '', '', '', '', { amount: s.totals.refunds }, { amount: s.totals.refunds_reversed }, { amount: s.totals.refunds_platform_fee }, ''], kind: 'total' });
  }
  const head = [text('Refund', '退款'), text('Original order', '原订单'), text('Order period', '订单账期'), text('Product', '商品'), text('Reason', '原因'),
    text('Ratio', '比例'), num('Amount', '金额'), num('Merchant part', '商家部分'), num('Platform part', '平台部分'), text('Note', '备注')];
  return <Section title={bilingual('Refunds, reversed at the ratio of their original order', '退款（按原订单比例冲回）')}><DataTable head={head} rows={rows} /></Section>;
}

function FiveDay({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode | null {
  if (s.five_day_netting.length === 0) return null;
  const rows: Row[] = s.five_day_netting.flatMap((f, i) => [
    { cells: [f.trade_id, f.product_id, bilingual('order', '订单'), f.order_record_ids.join(', '), { amount: f.order_paid }, { amount: f.order_merchant_share }, { amount: f.order_platform_fee }], lineage: refs[i] },
    { cells: ['', '', bilingual('refund', '退款'), f.refund_record_ids.join(', '), { amount: f.refund_paid }, { amount: f.refund_merchant_share }, { amount: f.refund_platform_fee }] },
    { cells: ['', '', bilingual('net', '净额'), '', { amount: f.net_paid }, { amount: f.net_merchant_share }, ''], kind: 'total' as const },
  ]);
  const head = [text('Order', '订单'), text('Product', '商品'), text('Line', '行'), text('Records', '记录'), num('Paid', '实付'), num('Merchant share', '商家分成'), num('Platform fee', '平台费用')];
  return <Section title={bilingual('Five-day refunds netted against their orders', '5天无理由退款与订单轧差')}><DataTable head={head} rows={rows} /></Section>;
}

function Corrections({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode | null {
  if (s.corrections.length === 0) return null;
  const rows: Row[] = s.corrections.map((c, i) => ({
    cells: [c.original_period, c.record_id, c.kind, c.trade_id || '-', c.product_id, c.product_class, c.merchant_ratio,
      { amount: c.paid }, { amount: c.merchant_part }, { amount: c.platform_part }],
    lineage: refs[i],
  }));
  rows.push({ cells: [bilingual('Total', '合计'), '', '', '', '', '', '', '', { amount: s.totals.corrections }, ''], kind: 'total' });
  const head = [text('Original period', '原账期'), text('Record', '记录'), text('Kind', '类型'), text('Order', '订单'), text('Product', '商品'), text('Class', '类别'),
    text('Ratio', '比例'), num('Paid', '实付'), num('Merchant part', '商家部分'), num('Platform part', '平台部分')];
  return (
    <Section title={bilingual('Prior-period corrections', '往期更正')}>
      <p class="note">Late records of closed periods, booked here; their merchant parts are brought forward into the cascade below.</p>
      <DataTable head={head} rows={rows} />
    </Section>
  );
}

/**
 * settlement.html: the marketplace settlement for people — sales per product, refunds reversed,
 * five-day netting, corrections, the deduction cascade step by step, the deposit, the totals
 * and what is carried, and the merchant invoice list. Figures are the JSON's strings.
 */
export function renderSettlementHtml(statement: SettlementStatement, options: HtmlPageOptions): string {
  const s = statement;
  const refs = lineageRefs(s, 'settlement', options.lineageFile);
  const d = s.deposit;
  const depositSource = d.source === 'previous_settlement' ? `settlement of ${d.source_period ?? '?'}` : d.source === 'merchant_deposits' ? 'merchant-deposits.csv' : '-';
  const heading = bilingual('Marketplace settlement', '商家结算单');
  const title = statementTitle(heading, s.period, s.seller_id, s.seller_name);
  const body = (
    <main>
      <StatementHead heading={heading} period={s.period} id={s.seller_id} name={s.seller_name} files={options} facts={[
        [bilingual('Seller', '商家'), s.seller_id],
        [bilingual('Name', '名称'), s.seller_name || '-'],
        [bilingual('Statement', '结算单号'), s.statement_id],
        [bilingual('Status at issue', '出具时状态'), s.status],
        [bilingual('Period', '账期'), s.period],
        [bilingual('Revision', '版本'), String(s.revision)],
        [bilingual('Currency', '币种'), s.currency],
        [bilingual('Billing time zone', '账期时区'), options.zone],
        [bilingual('Valid orders', '有效订单数'), String(s.valid_orders)],
      ]} />
      <Section title={`${bilingual('Totals', '汇总')} (${s.currency})`}>
        <DataTable head={[{ label: '' }, num('Amount', '金额')]} rows={TOTAL_FIELDS.map((key) => ({ cells: [TOTAL_LABELS[key], { amount: s.totals[key] }], kind: key === 'payable' ? 'total' : undefined }))} />
      </Section>
      <Products s={s} refs={refs('products')} />
      <Refunds s={s} refs={refs('refunds')} />
      <FiveDay s={s} refs={refs('five_day_netting')} />
      <Corrections s={s} refs={refs('corrections')} />
      <Section title={bilingual('Deduction cascade and payment threshold, step by step', '扣减顺序与付款门槛')}>
        <DataTable head={[num('#', '序号'), text('Step', '步骤'), text('Class', '类别'), text('From period', '来源账期'), num('Amount', '金额')]}
          rows={s.cascade.map((l, i) => ({ cells: [{ count: i + 1 }, CASCADE_STEP_LABELS[l.step] ?? l.step, l.product_class ?? '-', l.from_period, { amount: l.amount }] }))} />
      </Section>
      <Section title={bilingual('Deposit', '保证金')}>
        <DataTable head={[{ label: '' }, num('Amount', '金额')]} rows={[
          { cells: [bilingual('Deposit before this period', '期初保证金'), { amount: d.opening }] },
          { cells: [bilingual('Deducted this period', '本期扣减'), { amount: d.deducted }] },
          { cells: [bilingual('Remaining', '剩余'), { amount: d.remaining }], kind: 'total' },
        ]} />
        <p class="note">{bilingual('Source', '来源')}: {depositSource}</p>
      </Section>
      <Section title={bilingual('Carried to the next period', '结转下期')}>
        <DataTable head={[text('Item', '项目'), text('Class', '类别'), text('From period', '来源账期'), num('Amount', '金额')]}
          rows={s.carried.map((c) => ({ cells: [c.kind === 'unpaid' ? bilingual('unpaid balance', '未付余额') : bilingual('pending deduction', '待扣减'), c.kind === 'unpaid' ? c.product_class : '-', c.from_period, { amount: c.amount }] }))} />
      </Section>
      <Section title={bilingual('Merchant invoice list', '开票清单')}>
        {s.invoice_list.required
          ? <DataTable head={[text('Payment request', '付款申请号'), text('Class', '类别'), num('Amount', '金额'), text('Rate', '税率'), num('Net', '不含税'), num('Tax', '税额'), text('Remark', '备注')]}
              rows={s.invoice_list.lines.map((l) => ({ cells: [l.payment_request_no, l.product_class, { amount: l.amount }, l.rate, { amount: l.net }, { amount: l.tax }, l.remark] }))} />
          : <p class="empty">{bilingual('No merchant invoice required.', '无需商家开票。')}</p>}
      </Section>
    </main>
  );
  return renderHtmlPage(title, body);
}
