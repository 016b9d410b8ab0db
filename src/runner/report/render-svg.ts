import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Renders a vega-lite spec to an SVG string headlessly (no canvas, no browser). */
export async function renderSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
