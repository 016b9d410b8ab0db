import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { aggregateCurves, barChart, lineChart, summarize, writeReport } from '../../src/runner/report/index.js';

/** Checks that an SVG string is well-formed XML: every tag closed in order (no XML parser is installed). */
function expectWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg')).to.equal(true);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).to.equal(name);
    else stack.push(name as string);
  }
  expect(stack).to.deep.equal([]);
}

describe('runner report', () => {
  it('summarize gives numpy-style quantiles and the standard error', () => {
    const s = summarize([4, 1, 3, 2, 5]);
    expect(s.n).to.equal(5);
    expect(s.mean).to.equal(3);
    expect(s.median).to.equal(3);
    expect(s.q25).to.equal(2);
    expect(s.q05).to.be.closeTo(1.2, 1e-12);
    expect(s.q95).to.be.closeTo(4.8, 1e-12);
    expect(s.min).to.equal(1);
    expect(s.max).to.equal(5);
    expect(s.stderr).to.be.closeTo(Math.sqrt(2.5 / 5), 1e-12);
    expect(summarize([7]).stderr).to.equal(0);
    expect(() => summarize([])).to.throw(InvalidArgumentError, /empty/);
  });

  it('aggregateCurves averages pointwise with a z band and rejects ragged curves', () => {
    const band = aggregateCurves([[0, 2], [2, 4]], 1);
    expect(band.mean).to.deep.equal([1, 3]);
    expect(band.stderr[0]).to.be.closeTo(1, 1e-12);
    expect(band.lower[1]).to.be.closeTo(2, 1e-12);
    expect(band.upper[1]).to.be.closeTo(4, 1e-12);
    expect(() => aggregateCurves([[1, 2], [1]])).to.throw(InvalidArgumentError, /curve 1 has 1 points/);
  });

  it('writes report.md, results.json and well-formed SVG plots', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'converge-report-'));
    try {
      const band = aggregateCurves([[1, 2, 3], [2, 3, 5]]);
      const line = await lineChart({
        title: 'Curve',
        xLabel: 'step',
        yLabel: 'return',
        series: [{ name: 'dqn', x: [1, 10, 100], ...band }, { name: 'other', x: [1, 10, 100], mean: [0, 1, 1] }],
        logX: true,
      });
      const bars = await barChart({ title: 'Bars', yLabel: 'score', bars: [{ name: 'a', value: 1, error: 0.2 }, { name: 'b', value: 2 }] });
      expectWellFormedSvg(line);
      expectWellFormedSvg(bars);
      expect(line).to.contain('dqn');
      await writeReport(dir, {
        title: 'A test',
        claim: 'X converges\nlinearly',
        measured: 'it did | mostly',
        verdict: 'reproduced',
        sections: [{ heading: 'Setup', body: 'five seeds' }],
        results: { curve: new Float64Array([1, 2]), n: 3 },
        plots: [{ file: 'curve.svg', svg: line, caption: 'Return over steps' }, { file: 'plots/bars.svg', svg: bars, caption: 'Bars' }],
      });
      const md = await readFile(join(dir, 'report.md'), 'utf8');
      expect(md).to.contain('# A test');
      expect(md).to.contain('| X converges<br>linearly | it did \\| mostly |');
      expect(md).to.contain('![Return over steps](curve.svg)');
      expect(md).to.contain('## Setup');
      expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'))).to.deep.equal({ curve: [1, 2], n: 3 });
      expectWellFormedSvg(await readFile(join(dir, 'plots/bars.svg'), 'utf8'));
      const escape = await writeReport(dir, { title: 't', claim: '', measured: '', results: {}, plots: [{ file: '../x.svg', svg: '', caption: '' }] }).catch((e: unknown) => e);
      expect(escape).to.be.instanceOf(InvalidArgumentError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
