import { AXIS_TEXT, axisLeft, monthLabel, monthTextClass, niceCeil } from "./chart-scale";
import { FiguresTable } from "./figures-table";

export type BarSeries = {
  label: string;
  /** Tailwind fill class for the bars and the legend swatch, e.g. "fill-emerald-500". */
  fill: string;
  values: number[];
  /** Drawn below the zero line (churn, refunds). Values stay positive. */
  negative?: boolean;
};

const W = 640;
const H = 220;
const BOTTOM = 30;
const TOP = 16;

/**
 * A monthly bar chart rendered on the server as SVG (no JavaScript): positive series stack up from
 * zero, negative ones down. The numbers are in a table beside it for screen readers and for anyone
 * who wants them exact; the SVG itself is one labelled image.
 */
export function BarChart({ title, months, series, format }: { title: string; months: string[]; series: BarSeries[]; format: (value: number) => string }) {
  const up = months.map((_, i) => series.filter((s) => !s.negative).reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const down = months.map((_, i) => series.filter((s) => s.negative).reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = niceCeil(Math.max(0, ...up));
  const bottom = Math.max(0, ...down) > 0 ? niceCeil(Math.max(...down)) : 0;
  const plotH = H - TOP - BOTTOM;
  const scale = plotH / (top + bottom);
  const zero = TOP + top * scale;
  const ticks = [top, top / 2, 0, ...(bottom ? [-bottom] : [])];
  const left = axisLeft(ticks.map(format));
  const slot = (W - left) / Math.max(1, months.length);
  const barW = Math.min(36, slot * 0.6);

  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`${title}, by month. The same figures are in the table below.`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={W} y1={zero - t * scale} y2={zero - t * scale} className={t === 0 ? "stroke-slate-400" : "stroke-slate-200"} strokeWidth={1} />
            {/* A shallow negative axis gets no label of its own: it would sit on top of the zero's. */}
            {t >= 0 || -t * scale >= 28 ? (
              <text x={left - 8} y={zero - t * scale + 4} textAnchor="end" className={AXIS_TEXT}>
                {format(t)}
              </text>
            ) : null}
          </g>
        ))}
        {months.map((month, i) => {
          const x = left + i * slot + (slot - barW) / 2;
          let yUp = zero;
          let yDown = zero;
          return (
            <g key={month}>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const h = v * scale;
                const y = s.negative ? yDown : yUp - h;
                if (s.negative) yDown += h;
                else yUp -= h;
                return <rect key={s.label} x={x} y={y} width={barW} height={Math.max(1, h)} rx={2} className={s.fill} />;
              })}
              <text x={x + barW / 2} y={H - 6} textAnchor="middle" className={monthTextClass(i, months.length)}>
                {monthLabel(month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1.5">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" rx="2" className={s.fill} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <FiguresTable title={title} months={months} columns={series.map((s) => ({ label: s.label, values: s.negative ? s.values.map((v) => -v) : s.values }))} format={format} />
    </figure>
  );
}
