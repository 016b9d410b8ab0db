import { TabularCMDP } from './tabular-cmdp.js';

/**
 * The two-action bandit CMDP, the smallest problem on which Lagrangian gradient descent-ascent cycles.
 *
 * **Description.** One state, two arms; arm 0 pays reward 1 at cost 1, arm 1 pays nothing and costs nothing.
 * **Action Space.** `Discrete(2)`. **Observation Space.** `Discrete(1)`.
 * **Rewards.** r = (1, 0). **Costs.** c = (1, 0), one constraint `cost`, **budget** b = 0.5 on the expected cost
 * (γ = 0, so the discounted cost is the one-step cost). The optimum is π* = (0.5, 0.5) with multiplier μ* = 1.
 * **Starting State.** The only state. **Episode End.** Every step is truncated by `horizon` = 1 when sampled.
 * **Arguments.** `budget`. **Version History.** v0: first version.
 */
export function banditCmdp(opts: { readonly budget?: number } = {}): TabularCMDP {
  return new TabularCMDP({ S: 1, A: 2, P: [1, 1], R: [1, 0], gamma: 0, horizon: 1, costs: [[1, 0]], budgets: [opts.budget ?? 0.5], costNames: ['cost'], name: 'BanditCMDP' });
}

/**
 * A two-state discounted CMDP whose optimum is stochastic in one state.
 *
 * **Description.** From either state, action 0 leads to state 0 w.p. 0.9 (else 1) and action 1 to state 1 w.p. 0.9
 * (else 0). State 1 pays reward 1 at cost 1 for action 0 and reward 0.2 at no cost for action 1; state 0 pays
 * nothing. **Action Space.** `Discrete(2)`. **Observation Space.** `Discrete(2)`.
 * **Rewards.** R = [[0, 0], [1, 0.2]] (rows are states). **Costs.** C = [[0, 0], [1, 0]], one constraint `cost`,
 * **budget** 2.0 on the discounted cost μ0ᵀV_c (γ = 0.9). **Starting State.** State 0.
 * **Episode End.** None (continuing); truncated at `horizon` if given.
 * **Arguments.** `budget`, `horizon`. **Version History.** v0: first version.
 */
export function twoStateCmdp(opts: { readonly budget?: number; readonly horizon?: number } = {}): TabularCMDP {
  return new TabularCMDP({
    S: 2,
    A: 2,
    P: [0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9],
    R: [0, 0, 1, 0.2],
    gamma: 0.9,
    mu0: [1, 0],
    costs: [[0, 0, 1, 0]],
    budgets: [opts.budget ?? 2],
    costNames: ['cost'],
    name: 'TwoStateCMDP',
    ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
  });
}
