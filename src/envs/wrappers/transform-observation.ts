import type { Env } from '../../core/env.js';
import type { Space } from '../../core/spaces/index.js';
import { ObservationWrapper } from './wrapper.js';

/**
 * Applies `fn` to every observation (Gymnasium's `TransformObservation`). Give `observationSpace` when `fn` changes
 * the shape or range; by default the inner env's space is kept. `fn` may reuse its output array.
 */
export class TransformObservation<Obs, Act, InnerObs = Obs> extends ObservationWrapper<Obs, Act, InnerObs> {
  private readonly space: Space<Obs> | undefined;

  constructor(
    env: Env<InnerObs, Act>,
    private readonly fn: (obs: InnerObs) => Obs,
    observationSpace?: Space<Obs>,
  ) {
    super(env);
    this.space = observationSpace;
  }

  override get observationSpace(): Space<Obs> {
    return this.space ?? super.observationSpace;
  }

  observation(obs: InnerObs): Obs {
    return this.fn(obs);
  }
}
