import { expect } from 'chai';
import type { Env, ResetResult, StepResult } from '../../src/core/env.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { AcrobotEnv, CartPoleEnv, MountainCarEnv, PendulumEnv, assertEnv, checkEnv, make } from '../../src/envs/index.js';
import { CountdownEnv, EchoActionEnv, LineEnv } from '../support/toy-envs.js';

/** A CountdownEnv whose `step` result is passed through `edit` (to break one thing at a time). */
class Broken extends CountdownEnv {
  constructor(private readonly edit: (r: StepResult<Float32Array>) => Record<string, unknown>) {
    super({ k: 5 });
  }

  override step(action: number): StepResult<Float32Array> {
    return this.edit(super.step(action)) as unknown as StepResult<Float32Array>;
  }
}

const problemsOf = (env: unknown): readonly string[] => checkEnv(env as Env<unknown, unknown>).problems;

describe('envs: checkEnv', () => {
  it('passes the built-in environments, raw and through make, and well-behaved toy envs', () => {
    for (const env of [new CartPoleEnv(), new MountainCarEnv(), new AcrobotEnv(), new PendulumEnv()]) {
      expect(checkEnv(env as Env<unknown, unknown>)).to.deep.equal({ ok: true, problems: [] });
    }
    for (const id of ['CartPole-v1', 'Pendulum-v1']) expect(checkEnv(make(id), { seed: 3, steps: 600 }).ok).to.equal(true);
    for (const env of [new CountdownEnv(), new EchoActionEnv(), new LineEnv()]) expect(problemsOf(env)).to.deep.equal([]);
    expect(() => assertEnv(make('Acrobot-v1'))).to.not.throw();
  });

  it('catches missing or foreign spaces and methods', () => {
    const env = Object.assign(new CountdownEnv(), { observationSpace: { n: 2 }, actionSpace: undefined, close: 1 });
    const problems = problemsOf(env);
    expect(problems).to.have.length(3);
    expect(problems.join('\n')).to.match(/close is 1, must be a method/);
    expect(problems.join('\n')).to.match(/observationSpace is \{"n":2\}, must be a Space/);
    expect(problems.join('\n')).to.match(/actionSpace is undefined, must be a Space/);
  });

  it('catches observations outside the space, NaN, a reset that ignores its seed, and a bad reset result', () => {
    const outside = new CountdownEnv({ k: 5000 });
    expect(problemsOf(outside)).to.deep.equal([`reset({ seed: 0 }) returned observation [5000, ${outside.reset({ seed: 0 }).observation[1]}], not in Box(0.0, 1000.0, (2,), float32)`]);

    class Unseeded extends CountdownEnv {
      private calls = 0;
      override reset(): ResetResult<Float32Array> {
        const r = super.reset({ seed: this.calls++ });
        return r;
      }
    }
    expect(problemsOf(new Unseeded())).to.satisfy((ps: string[]) => ps.length === 1 && /reset\(\{ seed: 0 \}\) twice gave different observations .*seeding must make reset deterministic/.test(ps[0] as string));

    class NoInfo extends CountdownEnv {
      override reset(opts?: { seed?: number }): ResetResult<Float32Array> {
        return { observation: super.reset(opts).observation, info: null as never };
      }
    }
    expect(problemsOf(new NoInfo())).to.deep.equal(['reset({ seed: 0 }) returned info null, must be a plain object']);
    expect(problemsOf(new Broken((r) => ({ ...r, observation: Float32Array.of(1, NaN) })))[0]).to.match(/step\(\d\) returned observation \[1, NaN\] with NaN or Infinity/);
  });

  it('catches a non-finite or non-number reward, non-boolean flags, a missing info, and a step that throws', () => {
    const nan = problemsOf(new Broken((r) => ({ ...r, reward: NaN })));
    expect(nan).to.have.length(1);
    expect(nan[0]).to.match(/^step\([01]\) returned reward NaN, must be a finite number$/);
    expect(problemsOf(new Broken((r) => ({ ...r, reward: '1' })))[0]).to.match(/returned reward "1", must be a finite number/);
    const flags = problemsOf(new Broken((r) => ({ ...r, terminated: r.terminated ? 1 : 0, truncated: undefined })));
    // The checker cannot see the end of the episode either, so the countdown also leaves its space.
    expect(flags.join('\n')).to.match(/returned terminated 0, must be true or false/);
    expect(flags.join('\n')).to.match(/returned truncated undefined, must be true or false/);
    expect(problemsOf(new Broken((r) => ({ ...r, info: [] })))[0]).to.match(/returned info \[\], must be a plain object/);
    expect(problemsOf(new Broken(() => ({ nope: true })))[0]).to.match(/must return \{ observation, reward, terminated, truncated, info \}/);
    const throwing = new Broken(() => {
      throw new RangeError('boom');
    });
    const thrown = problemsOf(throwing);
    expect(thrown).to.have.length(1);
    expect(thrown[0]).to.match(/^step\([01]\) at step 0 threw RangeError: boom$/);
  });

  it('catches a step that is not reproducible from the same seed and actions', () => {
    let drift = 0;
    const env = new Broken((r) => ({ ...r, reward: r.reward + (drift++ === 3 ? 0.5 : 0) }));
    expect(problemsOf(env)[0]).to.match(/the same seed and the same actions gave different results at step \d+/);
  });

  it('assertEnv throws InvalidArgumentError listing every problem', () => {
    const env = new Broken((r) => ({ ...r, reward: Infinity, terminated: 'no' }));
    expect(() => assertEnv(env)).to.throw(InvalidArgumentError, /^Broken does not keep the Env contract:\n {2}- .*reward Infinity.*\n {2}- .*terminated "no"/);
  });
});
