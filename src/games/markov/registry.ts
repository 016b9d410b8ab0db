import { InvalidArgumentError, NotFoundError, describeValue } from '../../core/errors.js';
import { prisonersDilemma, rockPaperScissors, shapleyGame, stagHunt } from '../normal-form/builtins.js';
import type { NormalFormGame } from '../normal-form/game.js';
import type { TabularMarkovGame } from './markov-game.js';
import { randomMarkovGame } from './random-markov-game.js';
import { repeatedGame } from './repeated-game.js';

/** Builds a Markov game from keyword arguments. */
export type MarkovGameFactory = (kwargs: Readonly<Record<string, unknown>>) => TabularMarkovGame;

const table = new Map<string, { readonly factory: MarkovGameFactory; readonly summary: string }>();

/** Registers a Markov game under `id` so `makeMarkovGame(id)` and `converge train --env <id>` can build it. */
export function registerMarkovGame(id: string, factory: MarkovGameFactory, summary: string): void {
  table.set(id, { factory, summary });
}

/** The registered Markov-game ids with one-line summaries, sorted by id. */
export function listMarkovGames(): { readonly id: string; readonly summary: string }[] {
  return [...table.entries()].map(([id, e]) => ({ id, summary: e.summary })).sort((a, b) => a.id.localeCompare(b.id));
}

/** Whether `id` names a registered Markov game. */
export function isMarkovGameId(id: string): boolean {
  return table.has(id);
}

/** Builds the registered Markov game `id`; throws `NotFoundError` listing the known ids. */
export function makeMarkovGame(id: string, kwargs: Readonly<Record<string, unknown>> = {}): TabularMarkovGame {
  const entry = table.get(id);
  if (!entry) throw new NotFoundError(`unknown Markov game ${JSON.stringify(id)}; known: ${[...table.keys()].sort().join(', ')}`);
  return entry.factory(kwargs);
}

function numberArg(id: string, kwargs: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = kwargs[key] ?? fallback;
  if (typeof v !== 'number') throw new InvalidArgumentError(`${id}: ${key} must be a number, got ${describeValue(v)}`);
  return v;
}

function repeated(id: string, game: () => NormalFormGame, what: string): void {
  registerMarkovGame(id, (kw) => repeatedGame(game(), numberArg(id, kw, 'gamma', 0), numberArg(id, kw, 'horizon', 100)), `${what} played repeatedly (one state; kwargs gamma = 0, horizon = 100)`);
}

repeated('RepeatedPrisonersDilemma-v0', prisonersDilemma, "the prisoner's dilemma");
repeated('RepeatedStagHunt-v0', stagHunt, 'the stag hunt');
repeated('RepeatedRockPaperScissors-v0', rockPaperScissors, 'rock-paper-scissors');
repeated('RepeatedShapleyGame-v0', shapleyGame, "Shapley's game");
registerMarkovGame(
  'RandomMarkovGame-v0',
  (kw) => {
    const id = 'RandomMarkovGame-v0';
    const actions = kw.numActions ?? [3, 3];
    if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'number')) throw new InvalidArgumentError(`${id}: numActions must be a list of numbers, got ${describeValue(actions)}`);
    return randomMarkovGame({ S: numberArg(id, kw, 'S', 4), numActions: actions as number[], gamma: numberArg(id, kw, 'gamma', 0.9), seed: numberArg(id, kw, 'seed', 0), horizon: numberArg(id, kw, 'horizon', 100), zeroSum: kw.zeroSum === true });
  },
  'a seeded random general-sum Markov game (kwargs S = 4, numActions = [3, 3], gamma = 0.9, seed = 0, horizon = 100, zeroSum = false)',
);
