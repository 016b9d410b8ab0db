import type { Agent } from '../core/agent.js';
import type { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/index.js';

/** An agent that samples uniformly from the action space and learns nothing (a baseline, and for smoke runs). */
export class RandomAgent<Act> implements Agent<unknown, Act> {
  constructor(
    private readonly actionSpace: Space<Act>,
    private readonly rng: Rng,
  ) {}

  act(): Act {
    return this.actionSpace.sample(this.rng);
  }

  observe(): void {}

  async save(): Promise<void> {}

  async load(): Promise<void> {}
}
