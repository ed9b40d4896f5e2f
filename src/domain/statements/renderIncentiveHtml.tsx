import type { IncentiveServiceLine, IncentiveStatement } from '../incentives/incentiveStatement';
import { correctionNote, invoiceTypeLabel, payoutLabel, serviceNote } from './renderIncentiveCsv';
import { bilingual, DataTable, Facts, numHeader, renderHtmlPage, RESIDUAL_LABEL, Section, StatementHead, statementTitle, textHeader, TOTAL_LABEL, type Row } from './html/htmlPage';
import { lineageRefs, serviceLabel, type HtmlPageOptions, type ServiceNames } from './html/pageOptions';


function serviceRow(l: IncentiveServiceLine, lineage: string | undefined, names: ServiceNames | undefined): Row {
  return {
    cells: [serviceLabel(l.service_type_code, names), l.policy === null ? '-' : String(l.policy), l.policy_source,
      l.tier_min_period_performance === null ? '-' : `≥ ${l.tier_min_period_performance}`, l.rate,
      { amount: l.consumption }, { amount: l.refunds }, { amount: l.performance }, { amount: l.incentive }, serviceNote(l)],
    lineage,
  };
}

/**
 * incentive.html: the solution-provider incentive for people — performance and base incentive
 * per service, special programs, corrections, the carry-forward and the VAT invoice notice.
 * Figures are the JSON's strings.
 */
export function renderIncentiveHtml(statement: IncentiveStatement, options: HtmlPageOptions): string {
  const s = statement;
  const t = s.totals;
  const refs = lineageRefs(s, 'incentive', options.lineageFile);
  const serviceRefs = refs('services');
  const counted = s.services.map((l, i) => [l, serviceRefs[i]] as const).filter(([l]) => l.counts_toward_tier);
  const excluded = s.services.map((l, i) => [l, serviceRefs[i]] as const).filter(([l]) => !l.counts_toward_tier);
  const serviceRows: Row[] = s.services.length === 0 ? [] : [
    ...counted.map(([l, ref]) => serviceRow(l, ref, options.serviceNames)),
    { cells: [RESIDUAL_LABEL, '', '', '', '', '', '', { amount: s.services_rounding_residual.performance }, { amount: s.services_rounding_residual.incentive }, ''], kind: 'residual' },
    { cells: [TOTAL_LABEL, '', '', '', '', '', '', { amount: t.performance }, { amount: t.base_incentive }, ''], kind: 'total' },
    ...excluded.map(([l, ref]) => serviceRow(l, ref, options.serviceNames)),
  ];
  const correctionRefs = refs('corrections');
  const correctionRows: Row[] = s.corrections.length === 0 ? [] : [
    ...s.corrections.map((l, i) => ({
      cells: [l.original_period, serviceLabel(l.service_type_code, options.serviceNames), l.policy === null ? '-' : String(l.policy),
        l.tier_min_period_performance === null ? '-' : `≥ ${l.tier_min_period_performance}`, l.rate, { amount: l.performance }, { amount: l.incentive }, { count: l.records }, correctionNote(l)],
      lineage: correctionRefs[i],
    })),
    { cells: [TOTAL_LABEL, '', '', '', '', '', { amount: t.corrections }, '', ''], kind: 'total' },
  ];
  const i = s.invoice;
  const payout = payoutLabel(s.payout_method);
  const heading = bilingual('Incentive statement', '激励结算单');
  const title = statementTitle(heading, s.period, s.partner_id, s.partner_name);
  const body = (
    <main>
      <StatementHead heading={heading} period={s.period} id={s.partner_id} name={s.partner_name} files={options} facts={[
        [bilingual('Partner', '伙伴'), s.partner_id],
        [bilingual('Name', '名称'), s.partner_name || '-'],
        [bilingual('Payout method', '发放方式'), `${s.payout_method || '-'}${payout ? ` (${payout})` : ''}`],
        [bilingual('Period', '账期'), s.period],
        [bilingual('Revision', '版本'), String(s.revision)],
        [bilingual('Currency', '币种'), s.currency],
        [bilingual('Billing time zone', '账期时区'), options.zone],
        [bilingual('Records in another currency (not counted)', '其他币种记录（不计入）'), String(s.other_currency_records)],
      ]} />
      <Section title={`${bilingual('Totals', '汇总')} (${s.currency})`}>
        <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={[
          { cells: [bilingual('Performance', '业绩'), { amount: t.performance }] },
          { cells: [bilingual('Base incentive', '基础激励'), { amount: t.base_incentive }] },
          { cells: [bilingual('Special incentive', '专项激励'), { amount: t.special_incentive }] },
          { cells: [bilingual('Period result', '本期结果'), { amount: t.period_result }] },
          { cells: [bilingual('Prior-period corrections', '往期更正'), { amount: t.corrections }] },
          { cells: [`${bilingual('Carried in', '上期结转')}${s.carried_in_from ? ` (${s.carried_in_from})` : ''}`, { amount: t.carried_in }] },
          { cells: [bilingual('Payable', '应发放'), { amount: t.payable }], kind: 'total' },
          { cells: [bilingual('Carried out (clawback)', '结转下期（追回）'), { amount: t.carried_out }] },
        ]} />
      </Section>
      <Section title={bilingual('Performance and base incentive, per service type', '业绩与基础激励（按产品类型）')}>
        <p class="note">Performance = cash + credit + stored-value card + debt, refunds included. Incentive = rate × performance, rounded once in the total. Services excluded by policy 2 are listed after the total.</p>
        <DataTable head={[textHeader('Service', '产品类型'), textHeader('Policy', '政策'), textHeader('Policy from', '政策来源'), textHeader('Tier', '阶梯'), textHeader('Rate', '比例'),
          numHeader('Consumption', '消费'), numHeader('Refunds', '退款'), numHeader('Performance', '业绩'), numHeader('Incentive', '激励'), textHeader('Note', '备注')]}
          rows={serviceRows} empty={bilingual("No records of the partner's customers this period", '本期无客户记录')} />
      </Section>
      <Section title={bilingual('Special incentives, per program', '专项激励（按项目）')}>
        <DataTable head={[textHeader('Program', '项目'), textHeader('Kind', '类型'), textHeader('Rate', '比例'), textHeader('Basis', '基数'), numHeader('Basis amount', '基数金额'),
          numHeader('Computed', '计算值'), numHeader('Cap', '上限'), numHeader('Incentive', '激励'), textHeader('Note', '备注')]}
          rows={[...s.special.map((l) => ({
            cells: [l.program, l.kind, l.rate ?? '-', l.basis ?? '-', l.basis_amount === null ? '-' : { amount: l.basis_amount }, { amount: l.computed },
              l.cap === null ? '-' : { amount: l.cap }, { amount: l.incentive }, l.capped ? bilingual('capped', '已封顶') : ''],
          })), ...(s.special.length > 0 ? [{ cells: [TOTAL_LABEL, '', '', '', '', '', '', { amount: t.special_incentive }, ''], kind: 'total' as const }] : [])]} />
      </Section>
      {correctionRows.length > 0 ? (
        <Section title={bilingual('Prior-period corrections', '往期更正')}>
          <DataTable head={[textHeader('Original period', '原账期'), textHeader('Service', '产品类型'), textHeader('Policy', '政策'), textHeader('Tier', '阶梯'), textHeader('Rate', '比例'),
            numHeader('Performance', '业绩'), numHeader('Incentive', '激励'), numHeader('Records', '记录数'), textHeader('Note', '备注')]} rows={correctionRows} />
        </Section>
      ) : null}
      <Section title={bilingual('Invoice notice', '激励开票通知')}>
        {i.required ? (
          <div>
            <p>{bilingual('Invoice required: yes', '需要开票：是')}. The partner issues to the platform a VAT special invoice (增值税专用发票); an ordinary invoice (普通发票) is not accepted.</p>
            <Facts items={[
              [bilingual('Invoice type', '发票类型'), invoiceTypeLabel(i.type) || i.type || '-'],
              [bilingual('Invoice to (signing entity)', '开票抬头'), i.signing_entity ?? '-'],
              [bilingual('Invoice content', '开票内容'), i.content ?? '-'],
            ]} />
            <DataTable head={[{ label: '' }, numHeader('Amount', '金额')]} rows={[
              { cells: [bilingual('Gross (tax inclusive, = payable)', '含税金额'), i.gross === null ? '-' : { amount: i.gross }], kind: 'total' },
              { cells: [bilingual('Rate', '税率'), i.rate ?? '-'] },
              { cells: [bilingual('Net of tax', '不含税金额'), i.net === null ? '-' : { amount: i.net }] },
              { cells: [bilingual('Tax', '税额'), i.tax === null ? '-' : { amount: i.tax }] },
            ]} />
          </div>
        ) : <p>{bilingual('Invoice required: no', '需要开票：否')}</p>}
        <p class="note">{i.note}</p>
      </Section>
    </main>
  );
  return renderHtmlPage(title, body);
}
