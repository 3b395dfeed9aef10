import { AXIS_TEXT, axisLeft, monthLabel, monthTextClass, niceCeil } from "./chart-scale";
import { FiguresTable } from "./figures-table";

const W = 640;
const H = 200;
const RIGHT = 16;
const BOTTOM = 30;
const TOP = 16;

/** One value per month as an area under a line, server-rendered SVG, with its table for exact figures. */
export function LineChart({ title, months, values, format, compact = false }: { title: string; months: string[]; values: number[]; format: (value: number) => string; compact?: boolean }) {
  const top = niceCeil(Math.max(0, ...values));
  const left = axisLeft([top, top / 2, 0].map(format));
  const plotH = H - TOP - BOTTOM;
  const x = (i: number) => left + (months.length <= 1 ? 0 : (i * (W - left - RIGHT)) / (months.length - 1));
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const line = values.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  // The compact chart (the overview's) is drawn small even on a desktop: its text is drawn larger.
  const axisText = compact ? "fill-slate-500 text-[22px]" : AXIS_TEXT;
  const area = `${line} L${x(values.length - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z`;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`${title}, by month: ${values.length ? format(values[values.length - 1] ?? 0) : "no data"} now.${compact ? "" : " The same figures are in the table below."}`}>
        {[top, top / 2, 0].map((t) => (
          <g key={t}>
            <line x1={left} x2={W - RIGHT} y1={y(t)} y2={y(t)} className={t === 0 ? "stroke-slate-400" : "stroke-slate-200"} strokeWidth={1} />
            <text x={left - 8} y={y(t) + 6} textAnchor="end" className={axisText}>
              {format(t)}
            </text>
          </g>
        ))}
        {values.length ? <path d={area} className="fill-brand-100" /> : null}
        {values.length ? <path d={line} className="fill-none stroke-brand-600" strokeWidth={2.5} strokeLinejoin="round" /> : null}
        {values.map((v, i) => (
          <circle key={months[i]} cx={x(i)} cy={y(v)} r={3.5} className="fill-white stroke-brand-600" strokeWidth={2} />
        ))}
        {months.map((month, i) => (
          <text key={month} x={x(i)} y={H - 6} textAnchor={i === 0 ? "start" : i === months.length - 1 ? "end" : "middle"} className={compact ? axisText : monthTextClass(i, months.length)}>
            {monthLabel(month)}
          </text>
        ))}
      </svg>
      {compact ? null : (
        <FiguresTable title={title} months={months} columns={[{ label: title, values }]} format={format} />
      )}
    </figure>
  );
}
