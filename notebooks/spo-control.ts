// Reproduces the robustness claim of Swamy, Dann, Kidambi, Wu & Agarwal (ICML 2024), "A Minimaximalist Approach to
// Reinforcement Learning from Human Feedback", on CartPole: SPO (win rates of self-play trajectories as the reward)
// against the reward-model baseline (a Bradley–Terry reward fitted to the same comparisons), both learned by
// REINFORCE through the runner, under intransitive (majority-vote) and noisy preferences.
import type { Agent } from '../src/core/agent.js';
import { initBackend } from '../src/core/backend.js';
import type { Env } from '../src/core/env.js';
import { Rng } from '../src/core/rng.js';
import { CartPoleEnv } from '../src/envs/classic-control/cartpole.js';
import { TimeLimit } from '../src/envs/wrappers/time-limit.js';
import {
  type PairwisePreference,
  PreferenceRewardAgent,
  type RewardPlacement,
  RewardModelRewarder,
  type Trajectory,
  type TrajectoryRewarder,
  majorityVotePreference,
  noisyPreference,
  spoRewarder,
} from '../src/games/preference/index.js';
import { PG_PRESETS, createPgAgent } from '../src/policy-gradient/pg-algorithms.js';
import { trainReturnCurve } from '../src/runner/return-curve.js';
import { aggregateCurves, barChart, lineChart, runNotebookMain, runTasks, summarize, writeReport, type ReproduceOptions } from '../src/runner/report/index.js';

type Obs = Float32Array;
type Act = number | Float32Array;
type Traj = Trajectory<Obs, Act>;

/** Ours: CartPole capped at 200 steps (as the repository's other CartPole notebooks), to fit the time budget. */
const MAX_STEPS = 200;
/** Ours: the temperature of the noisy Bradley–Terry comparison of episode lengths (a 20-step gap wins 73%). */
const NOISE_TEMPERATURE = 20;
/** Evaluation episodes per trained policy (sampled actions, no learning). */
const EVAL_EPISODES = 20;

/** The three underlying rewards of a CartPole trajectory. */
const REWARDS: readonly { readonly name: string; readonly r: (t: Traj) => number }[] = [
  { name: 'length (the env return)', r: (t) => t.observations.length },
  { name: 'centred: −mean abs(x)', r: (t) => -t.observations.reduce((s, o) => s + Math.abs(o[0]!), 0) / t.observations.length },
  { name: 'upright: −mean abs(θ)', r: (t) => -t.observations.reduce((s, o) => s + Math.abs(o[2]!), 0) / t.observations.length },
];

const PREFERENCES: readonly { readonly key: string; readonly label: string; readonly pref: PairwisePreference<Traj> }[] = [
  { key: 'majority', label: 'majority vote of the three rewards (intransitive)', pref: majorityVotePreference(REWARDS.map((x) => x.r)) },
  { key: 'noisy', label: `noisy Bradley–Terry comparison of lengths (temperature ${NOISE_TEMPERATURE})`, pref: noisyPreference(REWARDS[0]!.r, { temperature: NOISE_TEMPERATURE }) },
];

/** The reward model's per-step features: 1, s and s² (the constant lets it learn a reward for staying alive). */
const features = (o: Obs): number[] => [1, ...o, ...Array.from(o, (x) => x * x)];

interface Method {
  readonly key: string;
  readonly name: string;
  rewarder(pref: PairwisePreference<Traj>, seed: number): TrajectoryRewarder<Obs, Act>;
}

const spo = (placement: RewardPlacement): Method => ({
  key: `spo-${placement}`,
  name: `SPO (win rate ${placement === 'final' ? 'at the last step' : 'spread over the steps'})`,
  rewarder: (pref) => spoRewarder(pref, placement),
});

const METHODS: readonly Method[] = [
  spo('final'),
  spo('spread'),
  { key: 'reward-model', name: 'reward model (linear Bradley–Terry, refitted each batch)', rewarder: (pref, seed) => new RewardModelRewarder(pref, new Rng(1000 + seed), { features }) },
];

/**
 * CartPole-v1 under a time limit, built directly: in the full test suite (after the registry tests load user env
 * modules), an env from make() carried a Box that failed the policy's instanceof check.
 */
const makeEnv = (): Env<Obs, Act> => new TimeLimit(new CartPoleEnv() as Env<Obs, Act>, MAX_STEPS);

/** `count` episodes of `agent`'s sampled actions, without learning. */
function rollouts(agent: Agent<Obs, Act>, count: number, seed: number): Traj[] {
  const env = makeEnv();
  const out: Traj[] = [];
  let obs = Float32Array.from(env.reset({ seed }).observation);
  for (let e = 0; e < count; e++) {
    const observations: Obs[] = [];
    const actions: Act[] = [];
    const rewards: number[] = [];
    for (;;) {
      const a = agent.act(obs, { explore: true });
      const r = env.step(a);
      observations.push(obs);
      actions.push(a);
      rewards.push(r.reward);
      obs = Float32Array.from(r.observation);
      if (r.terminated || r.truncated) {
        out.push({ observations, actions, rewards, terminated: r.terminated });
        obs = Float32Array.from(env.reset().observation);
        break;
      }
    }
  }
  return out;
}

/** P(a draw from `a` beats a draw from `b`), over all pairs of their evaluation trajectories. */
function winRate(a: readonly Traj[], b: readonly Traj[], pref: PairwisePreference<Traj>): number {
  let s = 0;
  for (const x of a) for (const y of b) s += pref(x, y);
  return s / (a.length * b.length);
}

/** The share of random triples of `trajs` on which a 0/1 preference cycles (a ≻ b ≻ c ≻ a, either way round). */
function cyclicTripleShare(trajs: readonly Traj[], pref: PairwisePreference<Traj>, samples: number, rng: Rng): number {
  let cycles = 0;
  for (let k = 0; k < samples; k++) {
    const [a, b, c] = [rng.choice(trajs), rng.choice(trajs), rng.choice(trajs)];
    const ab = pref(a, b);
    const bc = pref(b, c);
    const ca = pref(c, a);
    if ((ab === 1 && bc === 1 && ca === 1) || (ab === 0 && bc === 0 && ca === 0)) cycles++;
  }
  return cycles / samples;
}

interface Study {
  readonly key: string;
  readonly label: string;
  readonly pref: PairwisePreference<Traj>;
  readonly runs: Record<string, Trained[]>;
  /** [method][reward][seed]. */
  readonly underlying: number[][][];
  /** [SPO variant][seed]. */
  readonly vsModel: number[][];
}

interface Trained {
  readonly curve: { steps: number[]; returns: number[] };
  readonly evals: Traj[];
}

async function train(method: Method, pref: PairwisePreference<Traj>, seed: number, totalSteps: number, every: number): Promise<Trained> {
  const env = makeEnv();
  const hyper = PG_PRESETS.reinforce['CartPole-v1']!;
  const inner = createPgAgent('reinforce', env.observationSpace, env.actionSpace, hyper, seed) as Agent<Obs, Act>;
  // A group is the learner's batch (to the first episode end after batchSteps), so each update sees one group.
  const agent = new PreferenceRewardAgent(inner, method.rewarder(pref, seed), { groupSteps: hyper.batchSteps as number });
  try {
    const curve = await trainReturnCurve(env, agent, { totalSteps, every, seed });
    return { curve, evals: rollouts(inner, EVAL_EPISODES, 10_000 + seed) };
  } finally {
    agent.dispose();
  }
}

/** A trajectory as plain data (a task's result): observations as arrays of numbers, CartPole's actions as numbers. */
interface PlainTraj {
  readonly observations: readonly (readonly number[])[];
  readonly actions: readonly number[];
  readonly rewards: readonly number[];
  readonly terminated: boolean;
}

/** One training run's arguments: the preference and the method (indices), the seed, the budget. */
interface TrainArgs {
  readonly pref: number;
  readonly method: number;
  readonly seed: number;
  readonly totalSteps: number;
  readonly every: number;
}

/** The notebook's tasks (`runTasks`): one training run per (preference, method, seed), its trajectories as plain data. */
export const tasks = {
  train: async (a: TrainArgs) => {
    const t = await train(METHODS[a.method]!, PREFERENCES[a.pref]!.pref, a.seed, a.totalSteps, a.every);
    return { curve: t.curve, evals: t.evals.map((e): PlainTraj => ({ ...e, observations: e.observations.map((o) => Array.from(o)), actions: e.actions.map(Number) })) };
  },
};

/** Float32 observations back from their exact float64 copies. */
const fromPlain = (t: { curve: Trained['curve']; evals: PlainTraj[] }): Trained => ({ curve: t.curve, evals: t.evals.map((e) => ({ ...e, observations: e.observations.map((o) => Float32Array.from(o)) })) });

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ci = (xs: readonly number[]) => {
  const s = summarize(xs);
  return `${s.mean.toFixed(3)} ± ${(1.96 * s.stderr).toFixed(3)}`;
};

/** Trains every method under each preference (5 seeds, or 1 short one with `quick`) and writes the report. */
export async function reproduce(opts: ReproduceOptions): Promise<void> {
  await initBackend();
  const seeds = opts.quick ? [0] : [0, 1, 2, 3, 4];
  const totalSteps = opts.quick ? 3000 : 40_000;
  const every = opts.quick ? 1000 : 4000;
  const t0 = performance.now();
  const args = PREFERENCES.flatMap((_, pref) => METHODS.flatMap((_m, method) => seeds.map((seed): TrainArgs => ({ pref, method, seed, totalSteps, every }))));
  const trained = (await runTasks<TrainArgs, Parameters<typeof fromPlain>[0]>(opts, import.meta.url, 'train', args)).map(fromPlain);
  if (!opts.quick) console.log(`${args.length} training runs done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const studies: Study[] = [];
  for (const [pi, p] of PREFERENCES.entries()) {
    const runs: Record<string, Trained[]> = {};
    for (const [mi, m] of METHODS.entries()) runs[m.key] = trained.slice((pi * METHODS.length + mi) * seeds.length, (pi * METHODS.length + mi + 1) * seeds.length);
    // Per method: each underlying reward's mean over a seed's evaluation episodes, one value per seed.
    const underlying = METHODS.map((m) => REWARDS.map((x) => runs[m.key]!.map((t) => mean(t.evals.map(x.r)))));
    // Head to head under this preference: each SPO variant's policy against the reward model's, seed by seed.
    const vsModel = METHODS.slice(0, 2).map((m) => seeds.map((_, i) => winRate(runs[m.key]![i]!.evals, runs['reward-model']![i]!.evals, p.pref)));
    studies.push({ ...p, runs, underlying, vsModel });
  }
  const seconds = (performance.now() - t0) / 1000;
  // How intransitive the majority vote is on the trajectories these policies produce.
  const majority = studies[0]!;
  const pooled = METHODS.flatMap((m) => majority.runs[m.key]!.flatMap((t) => t.evals));
  const cyclic = cyclicTripleShare(pooled, majority.pref, 20_000, new Rng(99));

  const tables = studies.map((s) => {
    const head = `| method | ${REWARDS.map((x) => x.name).join(' | ')} |`;
    const rows = METHODS.map((m, i) => `| ${m.name} | ${s.underlying[i]!.map((v, k) => (k === 0 ? `${summarize(v).mean.toFixed(1)} ± ${(1.96 * summarize(v).stderr).toFixed(1)}` : ci(v))).join(' | ')} |`);
    const wins = METHODS.slice(0, 2).map((m, i) => `P(${m.name} ≻ reward model) = ${ci(s.vsModel[i]!)}`).join('; ');
    return { heading: `Preference: ${s.label}`, body: [`Underlying rewards of the trained policies (mean ± 95% over ${seeds.length} seeds, ${EVAL_EPISODES} sampled episodes each):`, '', head, `|---|${REWARDS.map(() => '---|').join('')}`, ...rows, '', `Win rate under this preference: ${wins}.`].join('\n') };
  });

  // The claim, read off the measurements: SPO (spread, the variant that learns) is robust where the reward model is not,
  // i.e. its policy wins the head-to-head (95% interval above ½) under each preference.
  const verdictOf = (s: Study) => {
    const w = summarize(s.vsModel[1]!);
    const lo = w.mean - 1.96 * w.stderr;
    const hi = w.mean + 1.96 * w.stderr;
    return lo > 0.5 ? 'SPO wins' : hi < 0.5 ? 'the reward model wins' : 'no significant difference';
  };
  const measured = studies
    .map((s) => `${s.key}: length ${METHODS.map((m, i) => `${m.key} ${summarize(s.underlying[i]![0]!).mean.toFixed(1)}`).join(', ')}; P(SPO spread ≻ reward model) = ${ci(s.vsModel[1]!)}, P(SPO final ≻ reward model) = ${ci(s.vsModel[0]!)}.`)
    .join(' ');
  const verdict = opts.quick
    ? 'Quick run (1 seed, 3000 steps): checks the pipeline only, not the claim.'
    : `${studies.map((s) => `${s.label}: ${verdictOf(s)} (SPO with the spread reward against the reward model)`).join('; ')}. ` +
      `The claim (SPO robust where the reward model is not) ${studies.every((s) => verdictOf(s) === 'SPO wins') ? 'held' : 'did not hold'} at our setting.`;

  const plots = [];
  for (const s of studies) {
    plots.push({
      file: `${s.key}-training.svg`,
      svg: await lineChart({
        title: `CartPole, ${s.key} preference: env return while training (${seeds.length} seeds, 95% band)`,
        xLabel: 'env steps',
        yLabel: 'episode length',
        series: METHODS.map((m) => ({ name: m.name, x: s.runs[m.key]![0]!.curve.steps, ...aggregateCurves(s.runs[m.key]!.map((t) => t.curve.returns)) })),
      }),
      caption: `${s.label}: mean training-episode length per ${every}-step window (the learner never sees it).`,
    });
    plots.push({
      file: `${s.key}-win-rate.svg`,
      svg: await barChart({
        title: `CartPole, ${s.key} preference: win rate against the reward-model policy`,
        yLabel: 'P(policy ≻ reward-model policy)',
        bars: METHODS.slice(0, 2).map((m, i) => ({ name: m.name, value: summarize(s.vsModel[i]!).mean, error: 1.96 * summarize(s.vsModel[i]!).stderr })),
      }),
      caption: `${s.label}: probability that a sampled episode of each SPO policy beats one of the reward-model policy of the same seed (95% over seeds).`,
    });
  }

  await writeReport(opts.outDir, {
    title: 'SPO against a reward model on CartPole with intransitive and noisy preferences (Swamy et al. 2024)',
    claim:
      'Self-play preference optimisation (each trajectory rewarded by its win rate against other trajectories of the same policy) handles intransitive, non-Markovian and noisy preferences and is robust where reward-model RLHF, which fits one Bradley–Terry reward to the comparisons and then optimises it, is not.',
    measured,
    verdict,
    sections: [
      ...tables,
      {
        heading: `Setup and our choices (${seconds.toFixed(0)} s)`,
        body: [
          `CartPole-v1 capped at ${MAX_STEPS} steps (ours: the budget). Learner: the runner's REINFORCE preset for CartPole (Adam lr 0.01, 1000-step batches, learned value baseline, standardised weights, γ 0.99), trained through the runner's interact for ${totalSteps} env steps, seeds ${seeds.join(', ')}. The paper uses PPO/SAC on MuJoCo; we use the project's REINFORCE for both methods, so the comparison is like for like.`,
          'A group is the learner\'s batch of episodes (to the first episode end after 1000 steps): every pair in it is compared once, by both methods. SPO: each trajectory\'s reward is its win rate against the others of the group, (1/(B−1))Σ_{j≠i} P(ξ_i ≻ ξ_j), at its last step or spread evenly over its steps (both shown: the issue leaves it open; the verdict reads the spread variant, picked after a one-seed trial run in which the last-step variant barely learned within the budget). Reward model: each pair\'s comparison is a label drawn from the preference, all labels so far are kept, a linear Bradley–Terry reward r(s) = φ·(1, s, s²) is refitted (ridge 1, Newton) after each group, and every step is rewarded r(s_t).',
          `Preferences over whole trajectories: the majority vote of three rewards (episode length, −mean abs(x), −mean abs(θ); ties ½), which can be intransitive; and a noisy Bradley–Terry comparison of lengths, σ((len_a − len_b)/${NOISE_TEMPERATURE}).`,
          `Intransitivity: on ${(100 * cyclic).toFixed(2)}% of 20,000 random triples of the evaluation episodes (all methods and seeds pooled) the majority vote cycles.`,
          `Evaluation: ${EVAL_EPISODES} episodes with sampled actions per trained policy; the win rate is over all pairs of evaluation episodes of SPO and of the reward model of the same seed, under the preference that trained them.`,
        ].join('\n\n'),
      },
    ],
    results: {
      seeds,
      totalSteps,
      every,
      majorityCyclicTripleShare: cyclic,
      preferences: studies.map((s) => ({
        preference: s.key,
        methods: METHODS.map((m, i) => ({
          method: m.key,
          underlying: Object.fromEntries(REWARDS.map((x, k) => [x.name, s.underlying[i]![k]!])),
          curves: s.runs[m.key]!.map((t) => t.curve.returns),
        })),
        winRateAgainstRewardModel: Object.fromEntries(METHODS.slice(0, 2).map((m, i) => [m.key, s.vsModel[i]!])),
      })),
    },
    plots,
  });
}

await runNotebookMain(import.meta.url, reproduce);
