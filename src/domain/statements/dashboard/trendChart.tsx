import type { VNode } from 'preact';
import { formatAmount } from '../html/formatAmount';
import type { TrendMonth } from './dashboardModel';

export const TREND_SERIES = [
  { key: 'consumption', label: 'Consumption · 消费', color: '#0969da' },
  { key: 'refunds', label: 'Refunds · 退款', color: '#cf222e' },
  { key: 'amount_due', label: 'Amount due · 应付金额', color: '#1a7f37' },
] as const;

const WIDTH = 760;
const HEIGHT = 300;
const LEFT = 110;
const RIGHT = 20;
const TOP = 36;
const BOTTOM = 40;

/** A coordinate with one decimal: enough for a screen or a page, and the same text on every run. */
const at = (v: number): string => (Math.round(v * 10) / 10).toFixed(1);

/**
 * A grouped bar chart of the months' consumption, refunds and amount due, as inline SVG made at
 * emit time (no script). Each bar carries its figure (`data-value`, exactly the string charted)
 * and a tooltip; the axis shows the largest and smallest figure and zero. Numbers only place the
 * bars: every label is the figure's own text.
 */
export function TrendChart({ currency, months }: { currency: string; months: readonly TrendMonth[] }): VNode {
  const values = months.flatMap((m) => TREND_SERIES.map((s) => m[s.key]));
  const numbers = values.map(Number);
  const max = Math.max(0, ...numbers);
  const min = Math.min(0, ...numbers);
  const span = max - min || 1;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const y = (v: number): number => TOP + ((max - v) / span) * plotHeight;
  const groupWidth = (WIDTH - LEFT - RIGHT) / Math.max(1, months.length);
  const barWidth = Math.min(36, (groupWidth * 0.8) / TREND_SERIES.length);
  const maxText = values[numbers.indexOf(max)] ?? '0.00';
  const minText = values[numbers.indexOf(min)] ?? '0.00';
  const ticks: [number, string][] = [[max, max === 0 ? '0' : formatAmount(maxText)], [0, '0']];
  if (min < 0) ticks.push([min, formatAmount(minText)]);
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img"
      aria-label={`Consumption, refunds and amount due per month (${currency})`} data-currency={currency}>
      <text x={at(LEFT)} y="16" font-size="12" fill="#57606a">{currency}</text>
      {TREND_SERIES.map((s, i) => (
        <g>
          <rect x={at(LEFT + 120 + i * 190)} y="6" width="12" height="12" fill={s.color} />
          <text x={at(LEFT + 138 + i * 190)} y="16" font-size="12" fill="#1b1f24">{s.label}</text>
        </g>
      ))}
      {ticks.map(([v, label]) => (
        <g>
          <line x1={at(LEFT)} x2={at(WIDTH - RIGHT)} y1={at(y(v))} y2={at(y(v))} stroke={v === 0 ? '#57606a' : '#d8dee4'} stroke-width="1" />
          <text x={at(LEFT - 6)} y={at(y(v) + 4)} font-size="11" text-anchor="end" fill="#57606a">{label}</text>
        </g>
      ))}
      {months.map((m, g) => {
        const x0 = LEFT + g * groupWidth + (groupWidth - barWidth * TREND_SERIES.length) / 2;
        return (
          <g data-period={m.period}>
            {TREND_SERIES.map((s, i) => {
              const v = Number(m[s.key]);
              const top = y(Math.max(v, 0));
              return (
                <rect class="bar" x={at(x0 + i * barWidth)} y={at(top)} width={at(barWidth - 2)} height={at(Math.abs(y(v) - y(0)))} fill={s.color}
                  data-series={s.key} data-period={m.period} data-value={m[s.key]}>
                  <title>{`${m.period} ${s.label}: ${formatAmount(m[s.key])} ${currency}`}</title>
                </rect>
              );
            })}
            <text x={at(LEFT + g * groupWidth + groupWidth / 2)} y={at(HEIGHT - BOTTOM + 18)} font-size="12" text-anchor="middle" fill="#1b1f24">{m.period}</text>
          </g>
        );
      })}
    </svg>
  );
}
