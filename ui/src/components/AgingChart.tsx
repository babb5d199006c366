/**
 * The aging of one currency as a bar chart drawn in SVG: one bar per bucket, longest for the
 * largest amount. The figures are in the chart's accessible name; the dashboard shows them as a
 * table beside it.
 */

import { useI18n } from "../i18n/context";
import type { CurrencyCard } from "../model/dashboard";

const WIDTH = 320;
const HEIGHT = 160;
const AXIS = 24;

export function AgingChart({ card }: { card: CurrencyCard }) {
  const { t, money, bucket } = useI18n();
  const figures = card.bars.map((b) => `${bucket(b.label)} ${money(b.amount)}`).join("; ");
  const slot = WIDTH / Math.max(1, card.bars.length);
  const barWidth = slot * 0.6;

  return (
    <figure className="chart">
      <figcaption>{t("dashboard.aging", { currency: card.currency })}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        role="img"
        aria-label={t("dashboard.agingLabel", { currency: card.currency, figures })}
        data-testid={`aging-chart-${card.currency}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
        {card.bars.map((bar, i) => {
          const h = Math.max(bar.share > 0 ? 1 : 0, bar.share * (HEIGHT - 8));
          const x = i * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.label}>
              <rect
                x={x}
                y={HEIGHT - h}
                width={barWidth}
                height={h}
                className={i === 0 ? "chart-bar chart-bar-current" : "chart-bar"}
              >
                <title>{`${bucket(bar.label)}: ${money(bar.amount)}`}</title>
              </rect>
              <text
                x={i * slot + slot / 2}
                y={HEIGHT + 16}
                textAnchor="middle"
                className="chart-label"
              >
                {bucket(bar.label)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
