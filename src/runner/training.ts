import { existsSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { map, merge, type Observable, type Observer, share, takeUntil, tap } from 'rxjs';
import type { Agent, VectorAgent } from '../core/agent.js';
import { isVectorEnv, type Env, type VectorEnv } from '../core/env.js';
import { EnvError } from '../core/errors.js';
import { keepBest } from './best-model.js';
import type { InteractState, RunnerEvent } from './events.js';
import { interact } from './interact.js';
import { aborted$ } from './interrupt.js';
import { checkpoint } from './operators/checkpoint.js';
import { episodes } from './operators/episodes.js';
import { evaluate, type EvalRecord } from './operators/evaluate.js';
import { everySteps } from './operators/every-steps.js';
import { stopAtRewardThreshold } from './operators/stop-at-reward-threshold.js';
import { agentDir, checkMetricsPrefix, metricsBytes, RUN_FILES, saveCheckpoint, type CheckpointInfo } from './run-dir.js';
import { runRecords } from './sinks/run-records.js';
import type { MetricRecord } from './sinks/metric-record.js';

/** The schedule of a training run: how long, and how often to evaluate, log and checkpoint. */
export interface TrainingSchedule {
  /** Environment steps in total. */
  readonly steps: number;
  /** Seeds the environment resets (the agent has its own seed). */
  readonly seed: number;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
  readonly checkpointEvery: number;
  /** A 'train' record (step count, episodes, the agent's latest stats) is logged every this many steps. */
  readonly logEvery: number;
  /** Stops when an evaluation's mean return reaches this. */
  readonly rewardThreshold?: number;
}

/** What `runTraining` needs: the run directory, the environment, the agent, and an evaluation-env factory. */
export interface TrainingSetup {
  readonly runDir: string;
  readonly env: Env | VectorEnv;
  readonly agent: Agent | VectorAgent;
  readonly evalEnv: () => Env;
  readonly schedule: TrainingSchedule;
  /** Extra subscribers of the metric records (a progress bar, a printer). */
  readonly sinks?: readonly Partial<Observer<MetricRecord>>[];
  /** Continues from this checkpoint of `runDir` (its agent is loaded here). */
  readonly resume?: CheckpointInfo;
  /**
   * Stops the run between two steps when aborted (Ctrl-C), after writing a checkpoint at that step when it is
   * resumable (always with an env that snapshots; else the last checkpoint stays the one to resume from).
   */
  readonly signal?: AbortSignal;
  /** Told once when a resume cannot continue the episodes under way (an env without snapshots). */
  readonly warn?: (message: string) => void;
}

/** How a training run went. */
export interface TrainingResult {
  readonly steps: number;
  readonly episodes: number;
  /** Wall-clock seconds, all segments of a resumed run together, evaluations included. */
  readonly wallS: number;
  /** Of which in evaluations. */
  readonly evalS: number;
  /** Training steps per second, evaluation time excluded. */
  readonly stepsPerSecond: number;
  readonly lastEval: EvalRecord | undefined;
  /** Stopped early because an evaluation reached the reward threshold. */
  readonly solved: boolean;
  /** Stopped by the abort signal: no final agent was saved, the run can be resumed. */
  readonly interrupted: boolean;
  /** The step of the last checkpoint written (by this segment or an earlier one); undefined when none was. */
  readonly checkpointStep: number | undefined;
}

type Clock = { wallS(): number; evalS: number };

/** A 'train' record: the run's step and running episode count, then the agent's stats, which cannot overwrite those. */
function trainRecord(ev: RunnerEvent): MetricRecord {
  const own = { kind: 'train', step: ev.step, episodes: ev.episodes };
  // The first object fixes the key order (kind, step, episodes first); the last makes the run's fields win.
  return Object.assign({ ...own }, ev.stats, own);
}

/** The loop with its loggers and checkpoints wired, as one stream of records; the loop runs while it is subscribed. */
function pipeline(s: TrainingSetup, steps$: Observable<RunnerEvent>, clock: Clock, save: (state: InteractState) => Promise<void>): Observable<MetricRecord> {
  const { schedule: c, runDir, agent } = s;
  const episodes$ = steps$.pipe(episodes(), map((e): MetricRecord => ({ kind: 'episode', ...e })));
  const evals$ = steps$.pipe(
    evaluate(c.evalEvery, s.evalEnv, c.evalEpisodes, { onRecord: keepBest(runDir, agent) }),
    map((e): MetricRecord => {
      clock.evalS += e.evalS;
      return { kind: 'eval', ...e };
    }),
  );
  const train$ = steps$.pipe(everySteps(c.logEvery), map(trainRecord));
  // Checkpoints come last, so the records of the step they are taken at are already in the log.
  const checkpoints$ = steps$.pipe(checkpoint(c.checkpointEvery, save), map((r): MetricRecord => ({ kind: 'checkpoint', ...r })));
  const all$ = merge(episodes$, evals$, train$, checkpoints$);
  return c.rewardThreshold === undefined ? all$ : all$.pipe(stopAtRewardThreshold(c.rewardThreshold));
}

/**
 * The error of a run stopped by a broken env: the env's message with the run's step, after saving a checkpoint at
 * the last loop state when the loop gave one on its last step (a vector env always does), so the run can be
 * resumed once the env is fixed.
 */
async function envFailure(e: EnvError, s: TrainingSetup, last: RunnerEvent | undefined, save: (state: InteractState) => Promise<void>): Promise<EnvError> {
  const step = last?.step ?? s.resume?.step ?? 0;
  let saved = '';
  const state = last?.resumeState?.();
  if (state !== undefined) {
    await save(state);
    saved = `; checkpoint saved at step ${state.step}`;
  } else if (s.resume !== undefined || existsSync(join(s.runDir, RUN_FILES.checkpoint))) {
    saved = '; the last checkpoint is older';
  }
  return new EnvError(`${e.message} (after run step ${step}${saved}; fix the env, then \`converge resume ${s.runDir}\` continues)`, { cause: e });
}

/**
 * Trains `agent` on `env` for the schedule's steps, writing into the run directory: metrics.jsonl (episodes,
 * evaluations, 'train' records), periodic checkpoints, and the final agent (`final.json`). With `resume`, loads
 * the checkpoint's agent, cuts the log back to it and continues so that the log ends as an uninterrupted run's.
 */
export async function runTraining(s: TrainingSetup): Promise<TrainingResult> {
  const { runDir, agent, env, schedule: c, resume } = s;
  const metricsPath = join(runDir, RUN_FILES.metrics);
  if (resume) {
    // Nothing on disk changes until the checkpoint has loaded; then lines written after it (a torn one included)
    // belong to steps the resumed run takes again.
    checkMetricsPrefix(runDir, resume.metricsBytes);
    await agent.load(agentDir(runDir, resume));
    if (existsSync(metricsPath)) truncateSync(metricsPath, resume.metricsBytes);
    if (resume.interact && !resume.interact.episode && isVectorEnv(env)) {
      s.warn?.(`resuming at step ${resume.step} with new episodes in every env copy: the env has no snapshot()/restore(), so the episodes under way at the checkpoint were not saved (the agent ends them there, as truncations)`);
      (agent as VectorAgent).endEpisodes?.();
    }
  }
  const t0 = performance.now();
  const clock = { wallS: () => (resume?.wallS ?? 0) + (performance.now() - t0) / 1000, evalS: resume?.evalS ?? 0 };
  let checkpointStep = resume?.step;
  const save = async (state: InteractState) => {
    await saveCheckpoint(runDir, agent, { step: state.step, episodes: state.episodes, interact: state, metricsBytes: metricsBytes(runDir), wallS: clock.wallS(), evalS: clock.evalS });
    checkpointStep = state.step;
  };
  const opts = { seed: c.seed, steps: c.steps, ...(resume?.interact && { resume: resume.interact }) };
  const steps$ = (
    isVectorEnv(env) ? interact(env, agent as VectorAgent, opts) : interact(env, agent as Agent, opts)
  ) as Observable<RunnerEvent>;
  let last: RunnerEvent | undefined;
  const abort$ = aborted$(s.signal);
  // Abort stops the steps, not the records: a checkpoint save under way finishes before the run returns.
  const shared$ = steps$.pipe(
    tap((ev) => {
      last = ev;
    }),
    takeUntil(abort$),
    share(),
  );
  let lastEval: EvalRecord | undefined;
  let solved = false;
  const running = runRecords(pipeline(s, shared$, clock, save), metricsPath, s.sinks ?? [], (r) => {
    if (r.kind !== 'eval') return;
    lastEval = r as unknown as EvalRecord;
    solved = c.rewardThreshold !== undefined && lastEval.mean >= c.rewardThreshold;
  });
  try {
    await running;
  } catch (e) {
    throw e instanceof EnvError ? await envFailure(e, s, last, save) : e;
  }
  const step = last?.step ?? resume?.step ?? 0;
  const episodesDone = last?.episodes ?? resume?.episodes ?? 0;
  const wallS = clock.wallS();
  const interrupted = s.signal?.aborted === true;
  // The loop stopped right after `last`, so its state is still the one to save.
  if (interrupted && last?.resumeState && checkpointStep !== last.step) await save(last.resumeState());
  if (!interrupted) await saveCheckpoint(runDir, agent, { step, episodes: episodesDone, metricsBytes: metricsBytes(runDir), wallS, evalS: clock.evalS }, 'final');
  const trainS = wallS - clock.evalS;
  return { steps: step, episodes: episodesDone, wallS, evalS: clock.evalS, stepsPerSecond: trainS > 0 ? step / trainS : 0, lastEval, solved, interrupted, checkpointStep };
}
