// Last iterate against average in learning dynamics for games: GDA, alternating GDA, optimistic GDA and
// extragradient on the bilinear game min_x max_y xy (Daskalakis, Ilyas, Syrgkanis & Zeng 2018; Mokhtari, Ozdaglar &
// Pattathil 2020), MWU against optimistic MWU on rock-paper-scissors (Daskalakis & Panageas 2019), and fictitious play
// on RPS (Robinson 1951: converges) and Shapley's game (Shapley 1964: cycles).
import { alternatingGdaStep } from '../src/games/dynamics/alternating-gda.js';
import { extragradientStep } from '../src/games/dynamics/extragradient.js';
import { fictitiousPlayStep, type FictitiousPlayState } from '../src/games/dynamics/fictitious-play.js';
import { gdaStep } from '../src/games/dynamics/gda.js';
import { mwuStep } from '../src/games/dynamics/mwu.js';
import { optimisticGdaInit, optimisticGdaStep, type OptimisticGdaState } from '../src/games/dynamics/optimistic-gda.js';
import { optimisticMwuInit, optimisticMwuStep, type OptimisticMwuState } from '../src/games/dynamics/optimistic-mwu.js';
import { bilinearGame, pointDistance, type MinMaxPoint } from '../src/games/min-max-game.js';
import { biasedRockPaperScissors, rockPaperScissors, shapleyGame } from '../src/games/normal-form/builtins.js';
import type { NormalFormGame } from '../src/games/normal-form/game.js';
import { nashConv } from '../src/games/normal-form/payoffs.js';
import { lineChart, runNotebookMain, writeReport, type LineSeries, type ReproduceOptions } from '../src/runner/report/index.js';

/** The setting for the bilinear game: η = 0.1 from (1, 1) for 2000 steps. */
const ETA = 0.1;
const BILINEAR_STEPS = 2000;
/** Ours (the issue fixes no step for MWU): η = 0.1, start x = (½, ¼, ¼), y = (¼, ¼, ½), 20 000 rounds. */
const MWU_ETA = 0.1;
const MATRIX_STEPS = 20_000;
const START_X = [0.5, 0.25, 0.25];
const START_Y = [0.25, 0.25, 0.5];
/** Thresholds of the verdict, fixed before any run: "converges" ends within 1e-3, "does not" ends above 0.1 × its start. */
const CONVERGED = 1e-3;

const xy = bilinearGame();
const origin: MinMaxPoint = { x: Float64Array.of(0), y: Float64Array.of(0) };

interface Trace {
  readonly name: string;
  readonly x: number[];
  readonly last: number[];
  readonly average: number[];
}

/** Runs a point update for `steps` steps, recording the distance of the last and of the averaged iterate to (0, 0). */
function traceBilinear<S extends MinMaxPoint>(name: string, init: S, step: (s: S) => S, steps: number, every: number): Trace {
  let s = init;
  const sum = { x: new Float64Array(1), y: new Float64Array(1) };
  const out: Trace = { name, x: [0], last: [pointDistance(s, origin)], average: [pointDistance(s, origin)] };
  for (let t = 1; t <= steps; t++) {
    s = step(s);
    sum.x[0]! += s.x[0] as number;
    sum.y[0]! += s.y[0] as number;
    if (t % every === 0) {
      out.x.push(t);
      out.last.push(pointDistance(s, origin));
      out.average.push(Math.hypot((sum.x[0] as number) / t, (sum.y[0] as number) / t));
    }
  }
  return out;
}

/** Euclidean distance of a profile to another, all players' strategies concatenated. */
function profileDistance(p: ReadonlyArray<ArrayLike<number>>, q: ReadonlyArray<ArrayLike<number>>): number {
  let s = 0;
  p.forEach((x, i) => {
    for (let a = 0; a < x.length; a++) s += ((x[a] as number) - (q[i]![a] as number)) ** 2;
  });
  return Math.sqrt(s);
}

interface MatrixTrace extends Trace {
  /** NashConv of the last (MWU) or empirical (fictitious play) profile. */
  readonly nashConv: number[];
}

/** MWU or optimistic MWU on a zero-sum game with a known equilibrium: distances of the last and the average profile. */
function traceMwu(name: string, game: NormalFormGame, equilibrium: Float64Array[], optimistic: boolean, steps: number, every: number): MatrixTrace {
  let plain: Float64Array[] = [Float64Array.from(START_X), Float64Array.from(START_Y)];
  let opt: OptimisticMwuState = optimisticMwuInit(game, plain);
  const sum = plain.map((x) => new Float64Array(x.length));
  const out: MatrixTrace = { name, x: [0], last: [profileDistance(plain, equilibrium)], average: [profileDistance(plain, equilibrium)], nashConv: [nashConv(game, plain)] };
  for (let t = 1; t <= steps; t++) {
    if (optimistic) opt = optimisticMwuStep(game, opt, MWU_ETA);
    else plain = mwuStep(game, plain, MWU_ETA);
    const p = optimistic ? opt.profile : plain;
    p.forEach((x, i) => x.forEach((v, a) => (sum[i]![a]! += v)));
    if (t % every === 0) {
      out.x.push(t);
      out.last.push(profileDistance(p, equilibrium));
      out.average.push(profileDistance(sum.map((s) => s.map((v) => v / t)), equilibrium));
      out.nashConv.push(nashConv(game, p));
    }
  }
  return out;
}

/** Fictitious play from both players on action 0: the empirical distributions' distance to uniform and their NashConv. */
function traceFictitiousPlay(name: string, game: NormalFormGame, steps: number, every: number): MatrixTrace {
  let s: FictitiousPlayState = { beliefs: [Float64Array.of(1, 0, 0), Float64Array.of(1, 0, 0)], t: 1 };
  const uniform = [new Float64Array(3).fill(1 / 3), new Float64Array(3).fill(1 / 3)];
  const out: MatrixTrace = { name, x: [1], last: [profileDistance(s.beliefs, uniform)], average: [profileDistance(s.beliefs, uniform)], nashConv: [nashConv(game, s.beliefs)] };
  for (let t = 2; t <= steps; t++) {
    s = fictitiousPlayStep(game, s);
    if (t % every === 0) {
      out.x.push(t);
      out.last.push(profileDistance(s.beliefs, uniform));
      out.average.push(out.last[out.last.length - 1] as number);
      out.nashConv.push(nashConv(game, s.beliefs));
    }
  }
  return out;
}

const final = (xs: readonly number[]): number => xs[xs.length - 1] as number;
const fmt = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(2));
const positive = (xs: readonly number[]): number[] => xs.map((v) => Math.max(v, 1e-300));

/** Runs every study and writes the report to `opts.outDir`. */
export async function reproduce(opts: ReproduceOptions): Promise<void> {
  const t0 = performance.now();
  const bilinearSteps = opts.quick ? 200 : BILINEAR_STEPS;
  const matrixSteps = opts.quick ? 500 : MATRIX_STEPS;
  const bEvery = opts.quick ? 10 : 20;
  const mEvery = opts.quick ? 25 : 100;
  const start = (): MinMaxPoint => ({ x: Float64Array.of(1), y: Float64Array.of(1) });

  const bilinear = [
    traceBilinear('GDA (simultaneous)', start(), (p) => gdaStep(xy, p, ETA), bilinearSteps, bEvery),
    traceBilinear('alternating GDA', start(), (p) => alternatingGdaStep(xy, p, ETA), bilinearSteps, bEvery),
    traceBilinear<OptimisticGdaState>('optimistic GDA', optimisticGdaInit(xy, start()), (s) => optimisticGdaStep(xy, s, ETA), bilinearSteps, bEvery),
    traceBilinear('extragradient', start(), (p) => extragradientStep(xy, p, ETA), bilinearSteps, bEvery),
  ];
  const rps = rockPaperScissors();
  const brps = biasedRockPaperScissors();
  const rpsEq = [new Float64Array(3).fill(1 / 3), new Float64Array(3).fill(1 / 3)];
  const brpsEq = [Float64Array.of(0.25, 0.5, 0.25), Float64Array.of(0.25, 0.5, 0.25)];
  const mwu = [
    traceMwu('MWU, RPS', rps, rpsEq, false, matrixSteps, mEvery),
    traceMwu('optimistic MWU, RPS', rps, rpsEq, true, matrixSteps, mEvery),
    traceMwu('MWU, biased RPS', brps, brpsEq, false, matrixSteps, mEvery),
    traceMwu('optimistic MWU, biased RPS', brps, brpsEq, true, matrixSteps, mEvery),
  ];
  const fp = [traceFictitiousPlay('fictitious play, RPS', rps, matrixSteps, mEvery), traceFictitiousPlay("fictitious play, Shapley's game", shapleyGame(), matrixSteps, mEvery)];
  const seconds = (performance.now() - t0) / 1000;

  const [gda, alt, ogda, eg] = bilinear as [Trace, Trace, Trace, Trace];
  const [mwuRps, omwuRps, mwuB, omwuB] = mwu as [MatrixTrace, MatrixTrace, MatrixTrace, MatrixTrace];
  const [fpRps, fpShapley] = fp as [MatrixTrace, MatrixTrace];
  const converged = (t: Trace): boolean => final(t.last) < CONVERGED;
  const notConverged = (t: Trace): boolean => final(t.last) > 0.1 * (t.last[0] as number);
  /** NashConv of Shapley's empirical play: its smallest value over the second half of the run. */
  const shapleyFloor = Math.min(...fpShapley.nashConv.slice(Math.floor(fpShapley.nashConv.length / 2)));
  const checks = [
    { claim: 'simultaneous GDA diverges in the last iterate', held: final(gda.last) > (gda.last[0] as number) },
    { claim: 'alternating GDA does not converge in the last iterate', held: notConverged(alt) },
    { claim: 'optimistic GDA converges in the last iterate', held: converged(ogda) },
    { claim: 'extragradient converges in the last iterate', held: converged(eg) },
    { claim: 'MWU does not converge in the last iterate (RPS and biased RPS)', held: notConverged(mwuRps) && notConverged(mwuB) },
    { claim: 'optimistic MWU converges in the last iterate (RPS and biased RPS)', held: converged(omwuRps) && converged(omwuB) },
    { claim: 'fictitious play converges on RPS (empirical NashConv below 0.05)', held: final(fpRps.nashConv) < 0.05 },
    { claim: "fictitious play does not converge on Shapley's game (empirical NashConv above 0.05 throughout the second half)", held: shapleyFloor > 0.05 },
  ];
  const table = (traces: readonly Trace[], what: string): string =>
    [`| method | start | final ${what}, last iterate | final ${what}, average |`, '|---|---|---|---|', ...traces.map((t) => `| ${t.name} | ${fmt(t.last[0] as number)} | ${fmt(final(t.last))} | ${fmt(final(t.average))} |`)].join('\n');
  const allHeld = checks.every((c) => c.held);
  const results = {
    settings: { eta: ETA, bilinearSteps, start: [1, 1], mwuEta: MWU_ETA, matrixSteps, startX: START_X, startY: START_Y, convergedBelow: CONVERGED },
    finalDistance: {
      bilinear: Object.fromEntries(bilinear.map((t) => [t.name, { last: final(t.last), average: final(t.average) }])),
      mwu: Object.fromEntries(mwu.map((t) => [t.name, { last: final(t.last), average: final(t.average), lastNashConv: final(t.nashConv) }])),
      fictitiousPlay: Object.fromEntries(fp.map((t) => [t.name, { empirical: final(t.last), empiricalNashConv: final(t.nashConv) }])),
    },
    shapleyNashConvFloorSecondHalf: shapleyFloor,
    checks,
    curves: { bilinear, mwu, fictitiousPlay: fp },
  };
  const series = (traces: readonly Trace[], key: 'last' | 'average' | 'nashConv'): LineSeries[] => traces.map((t) => ({ name: t.name, x: t.x, mean: positive((t as MatrixTrace)[key] ?? []) }));
  await writeReport(opts.outDir, {
    title: 'Last iterate against average: GDA, optimistic GDA, extragradient, MWU, optimistic MWU, fictitious play',
    claim:
      'Plain methods cycle or diverge in the last iterate while optimistic ones converge: on min_x max_y xy simultaneous GDA spirals out and alternating GDA cycles, optimistic GDA and extragradient converge to (0, 0); on RPS MWU moves away from the equilibrium while optimistic MWU converges to it; fictitious play converges on RPS (Robinson 1951) but cycles on Shapley\'s game.',
    measured:
      `Bilinear (η = ${ETA}, start (1, 1), ${bilinearSteps} steps), final distance of the last iterate to (0, 0): ` +
      bilinear.map((t) => `${t.name} ${fmt(final(t.last))}`).join(', ') +
      `. Matrix games (η = ${MWU_ETA}, ${matrixSteps} rounds), final distance to the equilibrium: ` +
      mwu.map((t) => `${t.name} ${fmt(final(t.last))}`).join(', ') +
      `. Fictitious play, NashConv of the empirical play: RPS ${fmt(final(fpRps.nashConv))}, Shapley's game ${fmt(final(fpShapley.nashConv))} (never below ${fmt(shapleyFloor)} in the second half).`,
    verdict: opts.quick
      ? `Quick run (${bilinearSteps} and ${matrixSteps} steps): checks the pipeline only, not the claim.`
      : `${allHeld ? 'The claim held at our settings' : 'The claim held only in part'}: ` + checks.map((c) => `${c.claim}: ${c.held ? 'yes' : 'no'}`).join('; ') + '.',
    sections: [
      { heading: `Bilinear game min_x max_y xy (${seconds.toFixed(1)} s for all studies)`, body: table(bilinear, 'distance to (0, 0)') },
      { heading: 'MWU and optimistic MWU', body: table(mwu, 'distance to the equilibrium') },
      { heading: 'Fictitious play', body: [`| game | final distance of the empirical play to uniform | final NashConv |`, '|---|---|---|', ...fp.map((t) => `| ${t.name} | ${fmt(final(t.last))} | ${fmt(final(t.nashConv))} |`)].join('\n') },
      {
        heading: 'Setup and our choices',
        body: [
          `Bilinear: the issue's setting, η = ${ETA}, start (1, 1), ${BILINEAR_STEPS} steps; optimistic GDA's first step is plain GDA (the previous gradient is the one at the start). "Average" is the running mean of the iterates after each step.`,
          `MWU and optimistic MWU (x' ∝ x·exp(η(2g_t − g_{t−1}))): both players update simultaneously on their expected payoffs per action; η = ${MWU_ETA}, start x = (${START_X.join(', ')}), y = (${START_Y.join(', ')}), ${MATRIX_STEPS} rounds (ours: the issue fixes none of these). Distances are Euclidean over both players' strategies.`,
          `Fictitious play: simultaneous, both players start on action 0, best responses break ties by the lowest index; Shapley's game is A = I, B = the cyclic shift (unique equilibrium uniform).`,
          `Verdict thresholds, fixed before running: converges = final distance below ${CONVERGED}; does not converge = final distance above 0.1 × the starting distance.`,
        ].join('\n\n'),
      },
    ],
    results,
    plots: [
      { file: 'bilinear-last.svg', svg: await lineChart({ title: 'min_x max_y xy: last iterate', xLabel: 'step', yLabel: 'distance to (0, 0)', series: series(bilinear, 'last'), logY: true }), caption: `Distance of the last iterate to the equilibrium, η = ${ETA}, start (1, 1).` },
      { file: 'bilinear-average.svg', svg: await lineChart({ title: 'min_x max_y xy: averaged iterate', xLabel: 'step', yLabel: 'distance to (0, 0)', series: series(bilinear, 'average'), logY: true }), caption: 'Distance of the running average of the iterates to the equilibrium.' },
      { file: 'mwu.svg', svg: await lineChart({ title: 'MWU vs optimistic MWU: last iterate', xLabel: 'round', yLabel: 'distance to the equilibrium', series: series(mwu, 'last'), logY: true }), caption: `Distance of the last profile to the equilibrium, η = ${MWU_ETA}.` },
      { file: 'fictitious-play.svg', svg: await lineChart({ title: 'Fictitious play: empirical play', xLabel: 'round', yLabel: 'NashConv of the empirical distributions', series: series(fp, 'nashConv'), logY: true }), caption: "NashConv of the empirical distributions of play: falling on RPS, bounded away from 0 on Shapley's game." },
    ],
  });
}

await runNotebookMain(import.meta.url, reproduce);
