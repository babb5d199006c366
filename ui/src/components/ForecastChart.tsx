/**
 * The receipts expected in one currency over the 13 forecast weeks as a bar chart drawn in SVG:
 * one bar per week, labelled with the week's first day, longest for the largest week. The
 * figures are in the chart's accessible name; the forecast screen shows them as a table below.
 */

import { useI18n } from "../i18n/context";
import type { ForecastCard } from "../model/forecast";

const WIDTH = 520;
const HEIGHT = 160;
const AXIS = 28;

export function ForecastChart({ card }: { card: ForecastCard }) {
  const { t, money, date } = useI18n();
  const figures = card.bars.map((b) => `${date(b.from)} ${money(b.amount)}`).join("; ");
  const slot = WIDTH / Math.max(1, card.bars.length);
  const barWidth = slot * 0.6;

  return (
    <figure className="chart">
      <figcaption>{t("forecast.chart", { currency: card.currency })}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        role="img"
        aria-label={t("forecast.chartLabel", { currency: card.currency, figures })}
        data-testid={`forecast-chart-${card.currency}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
        {card.bars.map((bar, i) => {
          const h = Math.max(bar.share > 0 ? 1 : 0, bar.share * (HEIGHT - 8));
          const x = i * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.number}>
              <rect x={x} y={HEIGHT - h} width={barWidth} height={h} className="chart-bar">
                <title>{`${t("forecast.weekOf", { date: date(bar.from) })}: ${money(bar.amount)}`}</title>
              </rect>
              <text
                x={i * slot + slot / 2}
                y={HEIGHT + 16}
                textAnchor="middle"
                className="chart-label"
              >
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
