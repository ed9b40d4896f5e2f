import type { ManagerView } from '../managers/managerCustomers';
import { renderCsv } from './csvFormat';
import { bilingual, DataTable, Facts, numHeader, renderHtmlPage, RESIDUAL_LABEL, Section, textHeader, TOTAL_LABEL, type Row } from './html/htmlPage';
import { serviceLabel, type ServiceNames } from './html/pageOptions';

const CSV_HEADER = [
  'account_manager_id', 'period', 'revision', 'currency', 'customer_id', 'customer_name', 'association_type', 'service_type_code',
  'consumption', 'refunds', 'adjustments', 'records',
];

/**
 * managers/<id>/customers.csv: one line per customer and service (adjustments on a line of their
 * own, service empty), then per currency a rounding residual and a total line
 * (`customer_id` = `rounding_residual` / `total`). UTF-8 with BOM, formula-escaped text cells.
 */
export function renderManagerCsv(view: ManagerView): string {
  const head = [view.account_manager_id, view.period, view.revision] as const;
  const rows = view.lines.map((l) => [...head, l.currency, l.customer_id, l.customer_name, l.association_type, l.service_type_code,
    { amount: l.consumption }, { amount: l.refunds }, { amount: l.adjustments }, l.records]);
  for (const t of view.totals) {
    rows.push([...head, t.currency, 'rounding_residual', '', '', '', { amount: t.rounding_residual.consumption }, { amount: t.rounding_residual.refunds }, { amount: t.rounding_residual.adjustments }, '']);
    rows.push([...head, t.currency, 'total', '', '', '', { amount: t.total.consumption }, { amount: t.total.refunds }, { amount: t.total.adjustments }, '']);
  }
  return renderCsv(CSV_HEADER, rows);
}


/**
 * managers/<id>/customers.html: what a customer manager may see — their customers' consumption,
 * refunds and adjustments per customer and service. No partner bill total, coupon or incentive
 * is on it (DOMAIN §2), and it links to nothing else of the run.
 */
export function renderManagerHtml(view: ManagerView, serviceNames?: ServiceNames): string {
  const sections = view.totals.map((t) => {
    const rows: Row[] = view.lines.filter((l) => l.currency === t.currency).map((l) => ({
      cells: [l.customer_id, l.customer_name, l.association_type, l.service_type_code === '' ? bilingual('(adjustments)', '（调账）') : serviceLabel(l.service_type_code, serviceNames),
        { amount: l.consumption }, { amount: l.refunds }, { amount: l.adjustments }, { count: l.records }],
    }));
    rows.push({ cells: [RESIDUAL_LABEL, '', '', '', { amount: t.rounding_residual.consumption }, { amount: t.rounding_residual.refunds }, { amount: t.rounding_residual.adjustments }, ''], kind: 'residual' });
    rows.push({ cells: [TOTAL_LABEL, '', '', '', { amount: t.total.consumption }, { amount: t.total.refunds }, { amount: t.total.adjustments }, ''], kind: 'total' });
    return (
      <Section title={`${bilingual('Customers', '客户')} (${t.currency}, ${t.customers})`}>
        <DataTable head={[textHeader('Customer', '客户'), textHeader('Name', '名称'), textHeader('Association', '关联类型'), textHeader('Service', '产品类型'),
          numHeader('Consumption', '消费'), numHeader('Refunds', '退款'), numHeader('Adjustments', '调账'), numHeader('Records', '记录数')]} rows={rows} />
      </Section>
    );
  });
  const title = `${view.account_manager_id} — ${bilingual('Customer consumption', '客户消费')} ${view.period}`;
  return renderHtmlPage(title, (
    <main>
      <h1>{bilingual('Customer consumption', '客户消费')} {view.period}</h1>
      <Facts items={[
        [bilingual('Customer manager', '客户经理'), view.account_manager_id],
        [bilingual('Period', '账期'), view.period],
        [bilingual('Revision', '版本'), String(view.revision)],
      ]} />
      <p class="note">Only the customers whose association names this manager; consumption and refunds are payable amounts. Partner bills, coupons and incentives are not shown here.</p>
      {sections}
    </main>
  ));
}
