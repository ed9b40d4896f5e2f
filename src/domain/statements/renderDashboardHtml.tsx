import type { VNode } from 'preact';
import type { DashboardModel } from './dashboard/dashboardModel';
import { TrendChart, TREND_SERIES } from './dashboard/trendChart';
import { bilingual, DataTable, Facts, numHeader, renderHtmlPage, Section, textHeader, type Row } from './html/htmlPage';


/** Records listed per failed or warned check; the rest are in reconciliation.csv. */
const RECORDS_SHOWN = 20;

function Trend({ m }: { m: DashboardModel }): VNode {
  return (
    <Section title={bilingual('Trend over the closed periods', '各账期趋势')}>
      {m.trend.length === 0 ? <p class="empty">{bilingual('No partner bill yet', '暂无伙伴账单')}</p> : null}
      {m.trend.map((t) => (
        <figure class="chart">
          <TrendChart currency={t.currency} months={t.months} />
          <figcaption>{bilingual('Sums of the partner bills of each period (its revision in force)', '各账期伙伴账单合计（现行版本）')}, {t.currency}</figcaption>
          <DataTable head={[textHeader('Period', '账期'), ...TREND_SERIES.map((s) => ({ label: s.label, num: true }))]}
            rows={t.months.map((mo) => ({ cells: [mo.period, ...TREND_SERIES.map((s) => ({ amount: mo[s.key] }))] }))} />
        </figure>
      ))}
    </Section>
  );
}

/**
 * index.html: the period at a glance — the partner bills (with links), the trend over every
 * period closed in the store so far, payable vs paid, the split per customer manager,
 * settlements and incentives in summary, and the reconciliation checks that failed or warned
 * with their records. Every figure is a statement's own or an exact sum of them.
 */
export function renderDashboardHtml(m: DashboardModel): string {
  const partnerRows: Row[] = m.partners.map(({ base, statement: s }) => ({
    cells: [{ link: `${base}.html`, text: s.partner_id }, s.partner_name, s.currency, { amount: s.totals.consumption }, { amount: s.totals.refunds },
      { amount: s.totals.adjustments }, { amount: s.totals.settlement }, { amount: s.totals.amount_due }, { count: s.customers.length }],
  }));
  const paidRows: Row[] = m.paid.map((p) => ({
    cells: [{ link: `${p.base}.html`, text: p.partner_id }, p.partner_name, p.currency, { amount: p.payable }, { amount: p.coupons }, { amount: p.paid }],
  }));
  const managerRows: Row[] = m.managers.map((l) => ({
    cells: [{ link: `${l.folder}/customers.html`, text: l.manager }, l.currency, { count: l.customers }, { amount: l.consumption }, { amount: l.refunds }, { amount: l.adjustments }],
  }));
  const settlementRows: Row[] = m.settlements.map(({ base, statement: s }) => ({
    cells: [{ link: `${base}.html`, text: s.seller_id }, s.seller_name, s.currency, s.status, { amount: s.totals.gross }, { amount: s.totals.net },
      { amount: s.totals.payable }, { amount: s.totals.carried_forward }],
  }));
  const incentiveRows: Row[] = m.incentives.map(({ base, statement: s }) => ({
    cells: [{ link: `${base}.html`, text: s.partner_id }, s.partner_name, s.currency, { amount: s.totals.performance }, { amount: s.totals.payable },
      { amount: s.totals.carried_out }, s.invoice.required ? bilingual('yes', '是') : bilingual('no', '否')],
  }));
  const issueRows: Row[] = m.issues.map((c) => ({
    cells: [c.check, c.status, c.subject, c.expected, c.actual, c.difference,
      { wrap: c.records.length <= RECORDS_SHOWN ? c.records.join(', ') : `${c.records.slice(0, RECORDS_SHOWN).join(', ')} … (+${c.records.length - RECORDS_SHOWN}, reconciliation.csv)` }],
  }));
  const title = `${bilingual('Period close', '账期结算')} ${m.period} · rev ${m.revision}`;
  const body = (
    <main>
      <h1>{bilingual('Period close', '账期结算')} {m.period}</h1>
      <Facts items={[
        [bilingual('Period', '账期'), m.period],
        [bilingual('Revision', '版本'), String(m.revision)],
        [bilingual('Billing time zone', '账期时区'), m.zone],
        [bilingual('Reconciliation', '对账'), `${m.checkCounts.ok} ok, ${m.checkCounts.warn} warn, ${m.checkCounts.fail} fail`],
      ]} />
      <nav class="links"><a href="manifest.json">manifest.json</a><a href="reconciliation.csv">reconciliation.csv</a><a href="rejects.csv">rejects.csv</a></nav>
      <Section title={bilingual('Partner bills', '伙伴账单')}>
        <DataTable head={[textHeader('Partner', '伙伴'), textHeader('Name', '名称'), textHeader('Currency', '币种'), numHeader('Consumption', '消费'), numHeader('Refunds', '退款'),
          numHeader('Adjustments', '调账'), numHeader('Settlement', '结算金额'), numHeader('Amount due', '应付金额'), numHeader('Customers', '客户数')]} rows={partnerRows} />
      </Section>
      <Trend m={m} />
      <Section title={bilingual('Payable vs paid', '应付 vs 实付')}>
        <p class="note">Payable = consumption + refunds of the bill; paid = payable − the coupons paid on its records (what the customers paid themselves).</p>
        <DataTable head={[textHeader('Partner', '伙伴'), textHeader('Name', '名称'), textHeader('Currency', '币种'), numHeader('Payable', '应付'), numHeader('Coupons', '代金券'), numHeader('Paid', '实付')]} rows={paidRows} />
      </Section>
      <Section title={bilingual('Per customer manager', '按客户经理')}>
        <p class="note">Each manager's customers (resale and referral) by the association covering each record; the totals of the manager's own page.</p>
        <DataTable head={[textHeader('Customer manager', '客户经理'), textHeader('Currency', '币种'), numHeader('Customers', '客户数'), numHeader('Consumption', '消费'),
          numHeader('Refunds', '退款'), numHeader('Adjustments', '调账')]} rows={managerRows} />
      </Section>
      <Section title={bilingual('Marketplace settlements', '商家结算')}>
        <DataTable head={[textHeader('Seller', '商家'), textHeader('Name', '名称'), textHeader('Currency', '币种'), textHeader('Status', '状态'), numHeader('Gross', '销售额'), numHeader('Net', '净额'),
          numHeader('Payable', '应付'), numHeader('Carried forward', '结转')]} rows={settlementRows} />
      </Section>
      <Section title={bilingual('Solution-provider incentives', '解决方案伙伴激励')}>
        <DataTable head={[textHeader('Partner', '伙伴'), textHeader('Name', '名称'), textHeader('Currency', '币种'), numHeader('Performance', '业绩'), numHeader('Payable', '应发放'),
          numHeader('Carried out', '结转'), textHeader('Invoice', '开票')]} rows={incentiveRows} />
      </Section>
      <Section title={bilingual('Reconciliation: failed and warned checks', '对账：失败与警告')}>
        <DataTable head={[textHeader('Check', '检查'), textHeader('Status', '状态'), textHeader('Subject', '对象'), textHeader('Expected', '预期'), textHeader('Actual', '实际'),
          textHeader('Difference', '差额'), textHeader('Records', '记录')]} rows={issueRows} empty={bilingual('Every check passed', '全部通过')} />
      </Section>
    </main>
  );
  return renderHtmlPage(title, body);
}
