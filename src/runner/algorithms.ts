import type { Agent, VectorAgent } from '../core/agent.js';
import { NotFoundError } from '../core/errors.js';
import type { Space } from '../core/spaces/index.js';
import { createDqn } from '../agents/dqn.js';
import { DQN_SCHEMA, resolveDqnConfig } from '../agents/dqn-config.js';
import { describeSchema } from '../core/config-rules.js';
import { DQN_PRESETS } from '../agents/presets/dqn-presets.js';
import { createTabularQ, resolveTabularQConfig } from '../agents/tabular-q-config.js';
import { createPgAgent, describePgConfig, PG_ALGORITHMS, PG_PRESETS, PG_SUMMARIES, resolvePgConfig } from '../policy-gradient/pg-algorithms.js';
import { createLagrangianAgent, LAGRANGIAN_SUMMARIES, resolveLagrangianConfig, type LagrangianAlgorithm } from '../policy-gradient/lagrangian-algorithms.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { createLagrangianPpo, describeLagrangianPpoConfig, LAGRANGIAN_PPO_PRESETS, LAGRANGIAN_PPO_SUMMARIES, resolveLagrangianPpoConfig, type LagrangianPpoAlgorithm } from '../policy-gradient/lagrangian-ppo-algorithms.js';
import { createRiskAverseAgent, describeRiskAverseConfig, RISK_AVERSE_ALGORITHMS, RISK_AVERSE_PRESETS, RISK_AVERSE_SUMMARIES, resolveRiskAverseConfig } from '../policy-gradient/risk-averse-algorithms.js';

/** What an algorithm's factory gets: the spaces of one env copy, its hyperparameters and a seed. */
export interface AlgorithmContext {
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  readonly hyper: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** The env's constraints when it is a `ConstrainedEnv` (the Lagrangian algorithms need them). */
  readonly constraints?: readonly ConstraintSpec[];
}

/** One row of the algorithm table: how to build the agent, and its tuned settings per environment. */
export interface AlgorithmEntry {
  readonly summary: string;
  /** Tuned hyperparameters per env id, merged under a config file's and the command line's. */
  readonly presets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The hyperparameter that holds the planned training length, kept equal to the run's steps (e.g. DQN's ε schedule). */
  readonly stepsKey?: string;
  /** Whether the agent is a `VectorAgent`, so `--n-envs` above 1 is allowed. */
  readonly vector: boolean;
  /** Whether the agent takes flat vectors only, so the runner one-hot encodes Discrete and MultiDiscrete observations. */
  readonly oneHotObservations?: boolean;
  /** One help line per hyperparameter (default, allowed values, meaning), from the same table `resolve` reads. */
  readonly hyperparameters?: () => readonly string[];
  /** Validates hyperparameters and fills in defaults (throws `InvalidArgumentError` naming a bad one). */
  resolve(hyper: Readonly<Record<string, unknown>>): Record<string, unknown>;
  create(ctx: AlgorithmContext): Agent | VectorAgent;
}

const table = new Map<string, AlgorithmEntry>([
  [
    'dqn',
    {
      summary: 'deep Q-learning with replay and a target network (Mnih et al. 2015), Double DQN and prioritized replay as options',
      presets: DQN_PRESETS,
      stepsKey: 'totalTimesteps',
      vector: true,
      oneHotObservations: true,
      hyperparameters: () => describeSchema(DQN_SCHEMA),
      resolve: (hyper) => ({ ...resolveDqnConfig(hyper) }),
      create: (c) => createDqn(c.observationSpace, c.actionSpace, c.hyper, c.seed),
    },
  ],
  [
    'q-learning',
    {
      summary: 'tabular Q-learning with ε-greedy exploration and optional replay, for Discrete observations (FrozenLake-v1, CliffWalking-v0)',
      presets: {},
      vector: false,
      resolve: resolveTabularQConfig,
      create: (c) => createTabularQ(c.observationSpace, c.actionSpace, c.hyper, c.seed),
    },
  ],
]);

for (const algo of PG_ALGORITHMS) {
  const vector = algo === 'a2c' || algo === 'ppo';
  table.set(algo, {
    summary: PG_SUMMARIES[algo],
    presets: PG_PRESETS[algo],
    ...(vector ? { stepsKey: 'totalTimesteps' } : {}),
    vector,
    oneHotObservations: true,
    hyperparameters: () => describePgConfig(algo),
    resolve: (hyper) => resolvePgConfig(algo, hyper),
    create: (c) => createPgAgent(algo, c.observationSpace, c.actionSpace, c.hyper, c.seed),
  });
}

for (const algo of Object.keys(LAGRANGIAN_SUMMARIES) as LagrangianAlgorithm[]) {
  table.set(algo, {
    summary: LAGRANGIAN_SUMMARIES[algo],
    presets: {},
    vector: false,
    resolve: (hyper) => resolveLagrangianConfig(algo, hyper),
    create: (c) => createLagrangianAgent(algo, c.observationSpace, c.actionSpace, c.constraints, c.hyper, c.seed) as Agent,
  });
}

for (const algo of Object.keys(LAGRANGIAN_PPO_SUMMARIES) as LagrangianPpoAlgorithm[]) {
  table.set(algo, {
    summary: LAGRANGIAN_PPO_SUMMARIES[algo],
    presets: LAGRANGIAN_PPO_PRESETS,
    stepsKey: 'totalTimesteps',
    vector: true,
    hyperparameters: describeLagrangianPpoConfig,
    resolve: (hyper) => resolveLagrangianPpoConfig(algo, hyper),
    create: (c) => createLagrangianPpo(algo, c.observationSpace, c.actionSpace, c.constraints, c.hyper, c.seed),
  });
}

for (const algo of RISK_AVERSE_ALGORITHMS) {
  table.set(algo, {
    summary: RISK_AVERSE_SUMMARIES[algo],
    presets: RISK_AVERSE_PRESETS,
    vector: false,
    hyperparameters: describeRiskAverseConfig,
    resolve: (hyper) => resolveRiskAverseConfig(algo, hyper),
    create: (c) => createRiskAverseAgent(algo, c.observationSpace, c.actionSpace, c.hyper, c.seed) as Agent,
  });
}

/** Adds an algorithm under `name` (or replaces it), so `converge train --algo <name>` can build it. */
export function registerAlgorithm(name: string, entry: AlgorithmEntry): void {
  table.set(name, entry);
}

/** The names of the algorithms in the table, sorted. */
export function algorithmNames(): string[] {
  return [...table.keys()].sort();
}

/** The table row of `name`; throws `NotFoundError` listing the known names. */
export function getAlgorithm(name: string): AlgorithmEntry {
  const entry = table.get(name);
  if (!entry) throw new NotFoundError(`unknown algorithm ${JSON.stringify(name)}; known: ${algorithmNames().join(', ')}`);
  return entry;
}
