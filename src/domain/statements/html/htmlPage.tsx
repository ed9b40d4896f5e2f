import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { formatAmount, isNegativeAmount } from './formatAmount';
import { PAGE_STYLE } from './pageStyle';

/*
 * The building blocks of every HTML page a close writes. Pages are rendered with Preact's JSX to
 * a string: every text and attribute value is escaped by the renderer, so a name such as
 * `<script>` is shown as text, never run. Nothing here reads a clock or the environment, so the
 * same document always gives the same bytes.
 */

/** A label in English and Chinese, as the platform's own pages show them. */
export function bilingual(en: string, zh: string): string {
  return `${en} · ${zh}`;
}

/** A column header of text, in both languages. */
export function textHeader(en: string, zh: string): Header {
  return { label: bilingual(en, zh) };
}

/** A column header of amounts or counts (right-aligned), in both languages. */
export function numHeader(en: string, zh: string): Header {
  return { label: bilingual(en, zh), num: true };
}

/** The labels of the lines that close every table of figures. */
export const RESIDUAL_LABEL = bilingual('Rounding residual', '舍入差');
export const TOTAL_LABEL = bilingual('Total', '合计');

/** One cell: text (left), an amount (right, thousands separated, negatives marked) or a count. */
/** `wrap`: long text (a list of record ids) that may break over lines. */
export type Cell = string | { amount: string } | { count: number } | { link: string; text: string } | { wrap: string };

export interface Row {
  cells: Cell[];
  /** A rounding residual or a total line, styled apart from the lines. */
  kind?: 'residual' | 'total' | undefined;
  /** `<file>#<line key>` of the line's lineage rows (the JSON's `lineage`), shown as a link. */
  lineage?: string | undefined;
}

export interface Header {
  label: string;
  /** A column of amounts or counts: right-aligned. */
  num?: boolean;
}

/** A lineage reference (`statement.lineage.csv#customers[C-1]`) as a relative link with its fragment encoded. */
export function lineageHref(ref: string): string {
  const hash = ref.indexOf('#');
  return hash < 0 ? ref : `${ref.slice(0, hash)}#${encodeURIComponent(ref.slice(hash + 1))}`;
}

function CellView({ cell }: { cell: Cell }): VNode {
  if (typeof cell === 'string') return <td>{cell}</td>;
  if ('amount' in cell) return <td class={isNegativeAmount(cell.amount) ? 'num neg' : 'num'}>{formatAmount(cell.amount)}</td>;
  if ('count' in cell) return <td class="num">{formatAmount(String(cell.count))}</td>;
  if ('wrap' in cell) return <td class="wrap">{cell.wrap}</td>;
  return <td><a href={cell.link}>{cell.text}</a></td>;
}

/** A table with a header row repeated on every printed page; a lineage column when any row has one. */
export function DataTable({ head, rows, empty }: { head: Header[]; rows: Row[]; empty?: string }): VNode {
  if (rows.length === 0) return <p class="empty">{empty ?? bilingual('None', '无')}</p>;
  const withLineage = rows.some((r) => r.lineage !== undefined);
  return (
    <div class="table-wrap">
    <table>
      <thead>
        <tr>
          {head.map((h) => <th class={h.num ? 'num' : undefined}>{h.label}</th>)}
          {withLineage ? <th>{bilingual('Lineage', '来源')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr class={r.kind}>
            {r.cells.map((c) => <CellView cell={c} />)}
            {withLineage ? <td>{r.lineage !== undefined ? <a href={lineageHref(r.lineage)}>{bilingual('rows', '明细')}</a> : null}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** A two-column list of facts (who, what, when). */
export function Facts({ items }: { items: [string, string][] }): VNode {
  return (
    <dl class="facts">
      {items.map(([k, v]) => [<dt>{k}</dt>, <dd>{v}</dd>])}
    </dl>
  );
}

/** A statement page's head: what it is and of which period, for whom, its facts, and the files beside it. */
export function StatementHead({ heading, period, id, name, facts, files }: {
  heading: string; period: string; id: string; name: string; facts: [string, string][];
  files: { jsonFile: string; csvFile: string; lineageFile: string };
}): VNode {
  return (
    <header>
      <h1>{heading} {period}</h1>
      <p class="subtitle">{name ? `${name} (${id})` : id}</p>
      <Facts items={facts} />
      <nav class="links"><a href={files.jsonFile}>JSON</a><a href={files.csvFile}>CSV</a><a href={files.lineageFile}>{bilingual('Lineage', '来源明细')}</a></nav>
    </header>
  );
}

/** The title of a statement page: whose, what, which period. */
export function statementTitle(heading: string, period: string, id: string, name: string): string {
  return `${name || id} — ${heading} ${period}`;
}

export function Section({ title, children }: { title: string; children?: ComponentChildren }): VNode {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A complete, self-contained page: inline style, no script, no external resource. */
export function renderHtmlPage(title: string, body: VNode): string {
  const page = (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: PAGE_STYLE }} />
      </head>
      <body>{body}</body>
    </html>
  );
  return `<!DOCTYPE html>\n${renderToString(page)}\n`;
}
