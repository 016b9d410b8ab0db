import type { TopLevelSpec } from 'vega-lite';
import { InvalidArgumentError } from '../../core/errors.js';
import { renderSvg } from './render-svg.js';

/** Options of `barChart`: one bar per entry, with an optional symmetric error bar (value ± error). */
export interface BarChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly bars: readonly { readonly name: string; readonly value: number; readonly error?: number }[];
}

/** An SVG bar chart, bars in the given order, with error bars where `error` is given. */
export async function barChart(o: BarChartOptions): Promise<string> {
  if (o.bars.length === 0) throw new InvalidArgumentError(`barChart ${JSON.stringify(o.title)}: no bars given; give at least one`);
  const rows = o.bars.map((b) => ({ name: b.name, value: b.value, lo: b.value - (b.error ?? 0), hi: b.value + (b.error ?? 0), hasError: b.error !== undefined }));
  // Short names read level; long ones slant so that neighbours do not overlap.
  const labelAngle = o.bars.some((b) => b.name.length > 8) ? -40 : 0;
  const x = { field: 'name', type: 'nominal' as const, title: null, sort: o.bars.map((b) => b.name), axis: { labelAngle, labelLimit: 160 } };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: { step: 48 },
    height: 300,
    data: { values: rows },
    layer: [
      { mark: 'bar', encoding: { x, y: { field: 'value', type: 'quantitative', title: o.yLabel } } },
      {
        transform: [{ filter: 'datum.hasError' }],
        mark: { type: 'rule', color: 'black' },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  };
  return renderSvg(spec);
}
