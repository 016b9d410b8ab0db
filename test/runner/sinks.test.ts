import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { from } from 'rxjs';
import { csvSink, jsonlSink, progressSink, readJsonl, type MetricRecord } from '../../src/runner/sinks/index.js';

describe('runner sinks', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'converge-sinks-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('jsonlSink appends lines that readJsonl reads back, skipping a torn last line', () => {
    const path = join(dir, 'sub', 'm.jsonl');
    from([{ kind: 'episode', step: 3, return: 1.5 }, { kind: 'eval', step: 4, returns: [1, 2] }]).subscribe(jsonlSink(path));
    from([{ kind: 'train', step: 5 }]).subscribe(jsonlSink(path));
    appendFileSync(path, '{"kind":"epis');
    expect(readJsonl(path)).to.deep.equal([{ kind: 'episode', step: 3, return: 1.5 }, { kind: 'eval', step: 4, returns: [1, 2] }, { kind: 'train', step: 5 }]);
    appendFileSync(path, '\n{}\n');
    expect(() => readJsonl(path)).to.throw(/m\.jsonl:4: not JSON/);
  });

  it('csvSink writes the header once and quotes what needs it', () => {
    const path = join(dir, 'm.csv');
    from([{ step: 1, name: 'a,b', loss: 0.5 }, { step: 2, name: 'say "hi"' }]).subscribe(csvSink(path, ['step', 'name', 'loss']));
    from([{ step: 3, returns: [1, 2] }]).subscribe(csvSink(path, ['step', 'name', 'loss']));
    expect(readFileSync(path, 'utf8')).to.equal('step,name,loss\n1,"a,b",0.5\n2,"say ""hi""",\n3,,\n');
  });

  it('progressSink draws steps, the mean return, ε and loss', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    const records: MetricRecord[] = [
      { kind: 'episode', step: 10, return: 10 },
      { kind: 'episode', step: 30, return: 20 },
      { kind: 'train', step: 40, epsilon: 0.25, loss: 0.125 },
      { kind: 'eval', step: 50, mean: 77 },
    ];
    from(records).subscribe(progressSink({ total: 100, stream }));
    expect(out).to.match(/50\/100 steps/);
    expect(out).to.match(/return 15\.0/);
    expect(out).to.match(/eval 77\.0/);
    expect(out).to.match(/ε 0\.250 \| loss 0\.1250/);
  });
});
