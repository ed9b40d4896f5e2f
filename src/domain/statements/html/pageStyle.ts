/**
 * The one stylesheet of every HTML page, inlined in its <head>: no fonts, images or requests.
 * Print: A4, table headers repeated on every page, each section starting on a new page.
 */
export const PAGE_STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #1b1f24; font-size: 14px; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d0d7de; padding-bottom: .25rem; }
.subtitle { color: #57606a; margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: .25rem 0 1rem; min-width: 24rem; }
th, td { border-bottom: 1px solid #d8dee4; padding: .3rem .6rem; vertical-align: top; text-align: left; }
td { white-space: nowrap; }
.table-wrap { max-width: 100%; overflow-x: auto; }
td.wrap { white-space: normal; min-width: 12rem; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.neg { color: #b3261e; }
tr.residual td { color: #57606a; font-style: italic; }
tr.total td { font-weight: 700; border-top: 2px solid #8c959f; }
tr.key td { font-weight: 700; background: #fff8c5; }
.note { color: #57606a; font-size: .9em; }
.empty { color: #57606a; font-style: italic; }
a { color: #0550ae; }
nav.links a { margin-right: 1rem; }
figure.chart { margin: 0 0 1rem; }
figure.chart figcaption { color: #57606a; font-size: .9em; }
.status-ok { color: #1a7f37; }
.status-warn { color: #9a6700; }
.status-fail { color: #b3261e; font-weight: 700; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  section + section { break-before: page; }
  td.neg { color: #000; font-weight: 700; }
  .table-wrap { overflow: visible; }
  td { white-space: normal; }
  td.num { white-space: nowrap; }
}
`;
