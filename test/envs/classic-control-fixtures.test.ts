import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Env } from '../../src/core/env.js';
import { AcrobotEnv, CartPoleEnv, ClassicControlEnv, MountainCarEnv, PendulumEnv } from '../../src/envs/classic-control/index.js';
import { make } from '../../src/envs/registry.js';

// Gymnasium 1.4.0 episodes; CI clones the repo with shared/ beside it (see its README.md).
const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/gymnasium-classic-control.json', import.meta.url));

/**
 * Tolerance on the float64 state: |ours - theirs| <= REL * |theirs| + ABS. Our transitions agree to about 1e-12
 * relative; the slack covers libm: Gymnasium's CartPole and Pendulum call NumPy's vectorized `np.cos`, which on the
 * recording machine is 1-2 ulp off the correctly rounded value that `Math.cos` gives here (checked step by step).
 * ABS is the floor for entries near 0, where a relative bound means nothing.
 */
const REL = 1e-9;
const ABS = 1e-12;

type Action = number | number[];

interface FixtureStep {
  readonly state: number[];
  readonly action: Action;
  readonly next_state: number[];
  readonly observation: number[];
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

interface FixtureEpisode {
  readonly env: string;
  readonly policy: string;
  readonly initial_state: number[];
  readonly initial_observation: number[];
  readonly steps: FixtureStep[];
}

interface Fixture {
  readonly meta: { readonly source: string; readonly max_episode_steps: Record<string, number> };
  readonly episodes: FixtureEpisode[];
}

const rawEnvs: Record<string, () => ClassicControlEnv<unknown>> = {
  'CartPole-v1': () => new CartPoleEnv() as ClassicControlEnv<unknown>,
  'MountainCar-v0': () => new MountainCarEnv() as ClassicControlEnv<unknown>,
  'Acrobot-v1': () => new AcrobotEnv() as ClassicControlEnv<unknown>,
  'Pendulum-v1': () => new PendulumEnv() as ClassicControlEnv<unknown>,
};

/**
 * How often a whole-episode replay may re-anchor to the recorded state (once per this many steps at most). Replayed
 * open loop, CartPole under its balancing controller amplifies the 1-ulp `np.cos` differences about 2x every 10
 * steps, so its state drifts past REL every ~200 steps (3 anchors in each 500-step fixture episode). The other
 * three stay within REL for whole episodes and must never need an anchor.
 */
const ANCHOR_EVERY: Record<string, number> = { 'CartPole-v1': 100, 'Pendulum-v1': Infinity, 'MountainCar-v0': Infinity, 'Acrobot-v1': Infinity };

function loadFixture(): Fixture {
  let text: string;
  try {
    text = readFileSync(FIXTURE, 'utf8');
  } catch (err) {
    throw new Error(
      `Gymnasium fixture missing: ${FIXTURE} could not be read (${(err as Error).message}). ` +
        'Clone the shared/ folder beside the repository (../shared/fixtures/gymnasium-classic-control.json).',
    );
  }
  return JSON.parse(text) as Fixture;
}

function toAction(action: Action): number | Float32Array {
  return typeof action === 'number' ? action : Float32Array.from(action);
}

function isClose(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.abs(expected) + ABS;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    expect(isClose(a, e), `${what}[${i}]: got ${a}, Gymnasium ${e} (tolerance ${REL} relative + ${ABS})`).to.equal(true);
  }
}

/** The float32 observation must be the float32 rounding of Gymnasium's (the fixture writes it exactly). */
function expectObservation(actual: Float32Array, expected: readonly number[], what: string): void {
  expect(Array.from(actual), what).to.deep.equal(expected.map((v) => Math.fround(v)));
}

function episodeName(ep: FixtureEpisode, index: number): string {
  return `${ep.env} episode ${index} (${ep.policy}, ${ep.steps.length} steps)`;
}

describe('classic control against Gymnasium 1.4 fixtures', () => {
  let fixture: Fixture | undefined;
  let missing: Error | undefined;
  try {
    fixture = loadFixture();
  } catch (err) {
    missing = err as Error;
  }

  it('reads the fixture file with episodes of all four environments', () => {
    if (missing) throw missing;
    const ids = new Set(fixture?.episodes.map((e) => e.env));
    expect([...ids].sort()).to.deep.equal(['Acrobot-v1', 'CartPole-v1', 'MountainCar-v0', 'Pendulum-v1']);
  });

  const episodes = fixture?.episodes ?? [];

  describe('one step from every recorded state', () => {
    episodes.forEach((ep, index) => {
      it(episodeName(ep, index), () => {
        const env = (rawEnvs[ep.env] as () => ClassicControlEnv<unknown>)();
        ep.steps.forEach((st, t) => {
          env.setState(st.state);
          const r = env.step(toAction(st.action));
          expectClose(env.getState(), st.next_state, `step ${t} next state`);
          expectObservation(r.observation, st.observation, `step ${t} observation`);
          expect(isClose(r.reward, st.reward), `step ${t} reward ${r.reward}, Gymnasium ${st.reward}`).to.equal(true);
          expect(r.terminated, `step ${t} terminated`).to.equal(st.terminated);
        });
      });
    });
  });

  describe('whole episodes through make(), TimeLimit included', () => {
    episodes.forEach((ep, index) => {
      it(episodeName(ep, index), () => {
        const env = make(ep.env) as Env<Float32Array, unknown>;
        env.reset({ seed: index });
        const raw = env.unwrapped as ClassicControlEnv<unknown>;
        expectObservation(raw.setState(ep.initial_state), ep.initial_observation, 'initial observation');
        let anchors = 0;
        ep.steps.forEach((st, t) => {
          // Open loop: our own state carries over; only a drift past the tolerance snaps it back to the record.
          if (!raw.getState().every((v, i) => isClose(v, st.state[i] as number))) {
            raw.setState(st.state);
            anchors++;
          }
          const r = env.step(toAction(st.action));
          expect(isClose(r.reward, st.reward), `step ${t} reward ${r.reward}, Gymnasium ${st.reward}`).to.equal(true);
          expect(r.terminated, `step ${t} terminated`).to.equal(st.terminated);
          expect(r.truncated, `step ${t} truncated`).to.equal(st.truncated);
        });
        const last = ep.steps[ep.steps.length - 1] as FixtureStep;
        expect(last.terminated || last.truncated, 'the recorded episode ends on its last step').to.equal(true);
        expect(anchors, `re-anchored ${anchors} times in ${ep.steps.length} steps`).to.be.at.most(
          Math.floor(ep.steps.length / (ANCHOR_EVERY[ep.env] as number)),
        );
      });
    });
  });
});
