import type { VNode } from 'preact';
import type { SettlementStatement } from '../marketplace/settlementStatement';
import { CASCADE_STEP_LABELS, shownTotals, TOTAL_LABELS } from './renderSettlementCsv';
import { bilingual, DataTable, numHeader, renderHtmlPage, Section, StatementHead, statementTitle, textHeader, TOTAL_LABEL, type Row } from './html/htmlPage';
import { refundReasonLabel } from './html/codeNames';
import { lineageRefs, type HtmlPageOptions } from './html/pageOptions';


function Products({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode {
  const rows: Row[] = s.products.map((p, i) => ({
    cells: [p.product_id, p.product_class, p.platform_fee_rate, p.tier ? `≥ ${p.tier.min_monthly_paid}: +${p.tier.extra_merchant_share}` : '-',
      p.merchant_ratio, { amount: p.paid }, { amount: p.merchant_share }, { amount: p.platform_fee }, { count: p.records }],
    lineage: refs[i],
  }));
  rows.push({ cells: [TOTAL_LABEL, '', '', '', '', { amount: s.totals.gross }, { amount: s.totals.merchant_share }, { amount: s.totals.platform_fee }, ''], kind: 'total' });
  const head = [textHeader('Product', '商品'), textHeader('Class', '类别'), textHeader('Fee rate', '费率'), textHeader('Tier reached', '阶梯'), textHeader('Merchant ratio', '分成比例'),
    numHeader('Paid', '实付'), numHeader('Merchant share', '商家分成'), numHeader('Platform fee', '平台费用'), numHeader('Records', '记录数')];
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
    rows.push({ cells: [TOTAL_LABEL, '', '', '', '', '', { amount: s.totals.refunds }, { amount: s.totals.refunds_reversed }, { amount: s.totals.refunds_platform_fee }, ''], kind: 'total' });
  }
  const head = [textHeader('Refund', '退款'), textHeader('Original order', '原订单'), textHeader('Order period', '订单账期'), textHeader('Product', '商品'), textHeader('Reason', '原因'),
    textHeader('Ratio', '比例'), numHeader('Amount', '金额'), numHeader('Merchant part', '商家部分'), numHeader('Platform part', '平台部分'), textHeader('Note', '备注')];
  return <Section title={bilingual('Refunds, reversed at the ratio of their original order', '退款（按原订单比例冲回）')}><DataTable head={head} rows={rows} /></Section>;
}

function FiveDay({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode | null {
  if (s.five_day_netting.length === 0) return null;
  const rows: Row[] = s.five_day_netting.flatMap((f, i) => [
    { cells: [f.trade_id, f.product_id, bilingual('order', '订单'), f.order_record_ids.join(', '), { amount: f.order_paid }, { amount: f.order_merchant_share }, { amount: f.order_platform_fee }], lineage: refs[i] },
    { cells: ['', '', bilingual('refund', '退款'), f.refund_record_ids.join(', '), { amount: f.refund_paid }, { amount: f.refund_merchant_share }, { amount: f.refund_platform_fee }] },
    { cells: ['', '', bilingual('net', '净额'), '', { amount: f.net_paid }, { amount: f.net_merchant_share }, ''], kind: 'total' as const },
  ]);
  const head = [textHeader('Order', '订单'), textHeader('Product', '商品'), textHeader('Line', '行'), textHeader('Records', '记录'), numHeader('Paid', '实付'), numHeader('Merchant share', '商家分成'), numHeader('Platform fee', '平台费用')];
  return <Section title={bilingual('Five-day refunds netted against their orders', '5天无理由退款与订单轧差')}><DataTable head={head} rows={rows} /></Section>;
}

function Corrections({ s, refs }: { s: SettlementStatement; refs: (string | undefined)[] }): VNode | null {
  if (s.corrections.length === 0) return null;
  const rows: Row[] = s.corrections.map((c, i) => ({
    cells: [c.original_period, c.record_id, c.kind, c.trade_id || '-', c.product_id, c.product_class, c.merchant_ratio,
      { amount: c.paid }, { amount: c.merchant_part }, { amount: c.platform_part }],
    lineage: refs[i],
  }));
  rows.push({ cells: [TOTAL_LABEL, '', '', '', '', '', '', '', { amount: s.totals.corrections }, ''], kind: 'total' });
  const head = [textHeader('Original period', '原账期'), textHeader('Record', '记录'), textHeader('Kind', '类型'), textHeader('Order', '订单'), textHeader('Product', '商品'), textHeader('Class', '类别'),
    textHeader('Ratio', '比例'), numHeader('Paid', '实付'), numHeader('Merchant part', '商家部分'), numHeader('Platform part', '平台部分')];
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
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={shownTotals(s.totals).map(({ key, amount }) => ({ cells: [TOTAL_LABELS[key], { amount }], kind: key === 'payable' ? 'total' : undefined }))} />
      </Section>
      <Products s={s} refs={refs('products')} />
      <Refunds s={s} refs={refs('refunds')} />
      <FiveDay s={s} refs={refs('five_day_netting')} />
      <Corrections s={s} refs={refs('corrections')} />
      <Section title={bilingual('Deduction cascade and payment threshold, step by step', '扣减顺序与付款门槛')}>
        <DataTable head={[numHeader('#', '序号'), textHeader('Step', '步骤'), textHeader('Class', '类别'), textHeader('From period', '来源账期'), numHeader('Amount', '金额')]}
          rows={s.cascade.map((l, i) => ({ cells: [{ count: i + 1 }, CASCADE_STEP_LABELS[l.step] ?? l.step, l.product_class ?? '-', l.from_period, { amount: l.amount }] }))} />
      </Section>
      <Section title={bilingual('Deposit', '保证金')}>
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={[
          { cells: [bilingual('Deposit before this period', '期初保证金'), { amount: d.opening }] },
          { cells: [bilingual('Deducted this period', '本期扣减'), { amount: d.deducted }] },
          { cells: [bilingual('Remaining', '剩余'), { amount: d.remaining }], kind: 'total' },
        ]} />
        <p class="note">{bilingual('Source', '来源')}: {depositSource}</p>
      </Section>
      {s.receivable === undefined ? null : (
        <Section title={bilingual('Payback receivable', '应收回款')}>
          <DataTable head={[{ label: '' }, textHeader('Payment', '回款单号'), numHeader('Amount', '金额')]} rows={[
            { cells: [bilingual('Open before this period', '期初应收'), '-', { amount: s.receivable.brought_forward }] },
            { cells: [bilingual('Payback receivable of this period', '本期新增'), '-', { amount: s.receivable.new }] },
            ...s.receivable.payments.map((p) => ({ cells: [bilingual('Paid back', '已回款'), p.payment_id, { amount: p.amount }] })),
            { cells: [bilingual('Paid beyond what was owed', '多付'), '-', { amount: s.receivable.overpaid }] },
            { cells: [bilingual('Still open, carried forward', '期末应收'), '-', { amount: s.receivable.carried_forward }], kind: 'total' },
          ]} />
        </Section>
      )}
      <Section title={bilingual('Carried to the next period', '结转下期')}>
        <DataTable head={[textHeader('Item', '项目'), textHeader('Class', '类别'), textHeader('From period', '来源账期'), numHeader('Amount', '金额')]}
          rows={s.carried.map((c) => ({ cells: [c.kind === 'unpaid' ? bilingual('unpaid balance', '未付余额') : bilingual('pending deduction', '待扣减'), c.kind === 'unpaid' ? c.product_class : '-', c.from_period, { amount: c.amount }] }))} />
      </Section>
      <Section title={bilingual('Merchant invoice list', '开票清单')}>
        {s.invoice_list.required
          ? <DataTable head={[textHeader('Payment request', '付款申请号'), textHeader('Class', '类别'), numHeader('Amount', '金额'), textHeader('Rate', '税率'), numHeader('Net', '不含税'), numHeader('Tax', '税额'), textHeader('Remark', '备注')]}
              rows={s.invoice_list.lines.map((l) => ({ cells: [l.payment_request_no, l.product_class, { amount: l.amount }, l.rate, { amount: l.net }, { amount: l.tax }, l.remark] }))} />
          : <p class="empty">{bilingual('No merchant invoice required.', '无需商家开票。')}</p>}
      </Section>
    </main>
  );
  return renderHtmlPage(title, body);
}
