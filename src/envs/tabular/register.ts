import { booleanKwarg, choiceKwarg, numberKwarg, parseKwargs, type KwargRule } from '../kwargs.js';
import type { EnvRegistration } from '../registry.js';
import { cliffWalking } from './cliff-walking.js';
import { frozenLake } from './frozen-lake.js';

const discount = numberKwarg(0.99, 0);
const mapDesc: KwargRule<readonly string[] | null> = {
  default: null,
  allowed: 'null or a list of equally long strings of S, F, H, G',
  check: (v): v is readonly string[] | null => v === null || (Array.isArray(v) && v.every((row) => typeof row === 'string')),
};

function frozenLakeFactory(id: string, mapName: '4x4' | '8x8') {
  return (kw: Readonly<Record<string, unknown>>) => {
    const k = parseKwargs(id, kw, { map_name: choiceKwarg<'4x4' | '8x8'>(mapName, ['4x4', '8x8']), is_slippery: booleanKwarg(true), desc: mapDesc, gamma: discount });
    return frozenLake({ mapName: k.map_name, isSlippery: k.is_slippery, gamma: k.gamma, ...(k.desc ? { desc: k.desc } : {}) });
  };
}

/** The tabular environments under Gymnasium's ids and time limits (kwargs as Gymnasium spells them, plus `gamma`). */
export const tabularEnvs: readonly EnvRegistration[] = [
  { id: 'FrozenLake-v1', factory: frozenLakeFactory('FrozenLake-v1', '4x4'), maxEpisodeSteps: 100, rewardThreshold: 0.7 },
  { id: 'FrozenLake8x8-v1', factory: frozenLakeFactory('FrozenLake8x8-v1', '8x8'), maxEpisodeSteps: 200, rewardThreshold: 0.85 },
  {
    id: 'CliffWalking-v0',
    factory: (kw) => {
      const k = parseKwargs('CliffWalking-v0', kw, { slip: numberKwarg(0, 0), gamma: discount });
      return cliffWalking({ slip: k.slip, gamma: k.gamma });
    },
  },
];
