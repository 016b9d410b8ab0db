import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { encodeTaskData } from '../../src/runner/report/task-codec.js';
import { checkTaskJobData, taskJobId, type TaskJobData } from '../../src/runner/report/task-job.js';

const job: TaskJobData = { v: 1, kind: 'task', notebook: 'drpg', task: 'instance', args: encodeTaskData({ seed: 1, x: NaN }), backend: 'wasm' };

describe('notebook-task jobs on the queue', () => {
  it('a job id is the same for the same (notebook, task, args, backend) and differs when any of them does', () => {
    expect(taskJobId({ ...job })).to.equal(taskJobId(job)).and.match(/^task\.drpg\.instance\.[0-9a-f]{24}$/);
    const others = [{ ...job, args: encodeTaskData({ seed: 2, x: NaN }) }, { ...job, args: encodeTaskData({ seed: 1, x: -0 }) }, { ...job, backend: 'cpu' as const }, { ...job, task: 'other' }];
    for (const o of others) expect(taskJobId(o)).to.not.equal(taskJobId(job));
  });

  it('checks a pulled job before anything of it is used', () => {
    expect(checkTaskJobData(JSON.parse(JSON.stringify(job)))).to.deep.equal(job);
    const bad: [unknown, RegExp][] = [
      [{ ...job, v: 2 }, /not a converge notebook-task job/],
      [{ ...job, task: '../x' }, /task "..\/x" refused/],
      [{ ...job, notebook: 3 }, /notebook is 3/],
      [{ ...job, args: '{"~":"?"}' }, /args do not decode/],
      [{ ...job, args: 7 }, /args is 7/],
      [{ ...job, backend: 'cuda' }, /backend "cuda"; allowed/],
    ];
    for (const [data, msg] of bad) expect(() => checkTaskJobData(data)).to.throw(InvalidArgumentError, msg);
  });
});
