import type { TopLevelSpec } from 'vega-lite';
import { InvalidArgumentError } from '../../core/errors.js';
import { renderSvg } from './render-svg.js';

/** One curve of a line chart, with an optional band (`lower`, `upper`) drawn shaded around it. */
export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly mean: readonly number[];
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly logX?: boolean;
  readonly logY?: boolean;
}

interface Row {
  series: string;
  x: number;
  mean: number;
  lower?: number;
  upper?: number;
}

function rowsOf(s: LineSeries): Row[] {
  for (const key of ['mean', 'lower', 'upper'] as const) {
    const ys = s[key];
    if (ys && ys.length !== s.x.length) {
      throw new InvalidArgumentError(`lineChart: series ${JSON.stringify(s.name)} has ${ys.length} ${key} values for ${s.x.length} x values; they must match`);
    }
  }
  return s.x.map((x, i) => {
    const row: Row = { series: s.name, x, mean: s.mean[i] as number };
    if (s.lower && s.upper) {
      row.lower = s.lower[i] as number;
      row.upper = s.upper[i] as number;
    }
    return row;
  });
}

/** An SVG line chart, one colored line per series, each with its confidence band shaded when given. */
export async function lineChart(o: LineChartOptions): Promise<string> {
  if (o.series.length === 0) throw new InvalidArgumentError(`lineChart ${JSON.stringify(o.title)}: no series given; give at least one`);
  const rows = o.series.flatMap(rowsOf);
  const scaleX = o.logX ? { type: 'log' as const } : { zero: false };
  const scaleY = o.logY ? { type: 'log' as const } : { zero: false };
  const x = { field: 'x', type: 'quantitative' as const, title: o.xLabel, scale: scaleX };
  const color = { field: 'series', type: 'nominal' as const, title: null, sort: o.series.map((s) => s.name) };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: 480,
    height: 300,
    data: { values: rows },
    // Full legend labels, and legend swatches as strong as the lines (the bands' opacity would pale them).
    config: { legend: { labelLimit: 0, symbolOpacity: 1 } },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
        mark: { type: 'area', opacity: 0.2 },
        encoding: { x, y: { field: 'lower', type: 'quantitative', title: o.yLabel, scale: scaleY }, y2: { field: 'upper' }, color },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y: { field: 'mean', type: 'quantitative', title: o.yLabel, scale: scaleY }, color },
      },
    ],
  };
  return renderSvg(spec);
}
