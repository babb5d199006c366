/**
 * The DSO of one currency at each of the last month ends, as a line drawn in SVG. Months with
 * no DSO (no sales) break the line. The figures are in the accessible name and in a table.
 */

import { useI18n } from "../i18n/context";
import type { TrendSeries } from "../model/dashboard";

const WIDTH = 360;
const HEIGHT = 140;
const AXIS = 24;
const PAD = 12;
const LEFT = 36;

/** SVG path commands for the points, starting a new segment after each gap. */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let path = "";
  let drawing = false;
  for (const p of points) {
    if (p.y === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)} `;
    drawing = true;
  }
  return path.trim();
}

export function DsoChart({ series }: { series: TrendSeries }) {
  const { t, decimal, month } = useI18n();
  // The left margin holds the scale: the highest DSO at the top, zero at the axis.
  const step = (WIDTH - LEFT - PAD) / Math.max(1, series.points.length - 1);
  const coords = series.points.map((p, i) => ({
    x: LEFT + i * step,
    y: p.dso === null ? null : PAD + (1 - p.share) * (HEIGHT - 2 * PAD),
  }));
  const figures = series.points
    .map((p) => `${month(p.monthEnd)} ${p.dso === null ? t("dashboard.unknown") : decimal(p.dso)}`)
    .join("; ");

  return (
    <figure className="chart">
      <figcaption>{t("dashboard.trend", { currency: series.currency })}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        role="img"
        aria-label={t("dashboard.trendLabel", { currency: series.currency, figures })}
        data-testid={`dso-chart-${series.currency}`}
      >
        <line x1={LEFT - 4} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
        <line x1={LEFT - 4} x2={WIDTH} y1={PAD} y2={PAD} className="chart-grid" />
        <text x={LEFT - 8} y={PAD + 4} textAnchor="end" className="chart-label">
          {decimal(series.top)}
        </text>
        <text x={LEFT - 8} y={HEIGHT + 4} textAnchor="end" className="chart-label">
          {decimal("0")}
        </text>
        <path d={linePath(coords)} className="chart-line" fill="none" />
        {coords.map((c, i) =>
          c.y === null ? null : (
            <circle key={i} cx={c.x} cy={c.y} r={3} className="chart-point">
              <title>{figures.split("; ")[i]}</title>
            </circle>
          ),
        )}
        {series.points.map((p, i) =>
          (series.points.length - 1 - i) % 3 === 0 ? (
            <text
              key={p.monthEnd}
              x={LEFT + i * step}
              y={HEIGHT + 16}
              textAnchor="middle"
              className="chart-label"
            >
              {month(p.monthEnd)}
            </text>
          ) : null,
        )}
      </svg>
      <details>
        <summary>{t("app.showTable")}</summary>
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.monthEnd")}</th>
              <th scope="col" className="num">
                {t("dashboard.dso")}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.monthEnd}>
                <th scope="row">{month(p.monthEnd)}</th>
                <td className="num">{p.dso === null ? t("dashboard.unknown") : decimal(p.dso)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
