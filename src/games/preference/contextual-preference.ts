import { InvalidArgumentError } from '../../core/errors.js';
import type { PreferenceMatrix } from './preference-matrix.js';

/**
 * A preference over responses given a context (a finite set of prompts): one checked preference matrix per context,
 * all over the same number of responses. A single `PreferenceMatrix` is the one-context case.
 */
export interface ContextualPreference {
  readonly numContexts: number;
  readonly numResponses: number;
  readonly contexts: readonly PreferenceMatrix[];
}

/** Groups one preference matrix per context, checking that they share their response set's size. */
export function contextualPreference(contexts: readonly PreferenceMatrix[]): ContextualPreference {
  if (contexts.length === 0) throw new InvalidArgumentError('contextualPreference: needs at least one context, got none');
  const n = contexts[0]!.size;
  contexts.forEach((P, c) => {
    if (P.size !== n) throw new InvalidArgumentError(`contextualPreference: context ${c} has ${P.size} responses, expected ${n} like context 0`);
  });
  return { numContexts: contexts.length, numResponses: n, contexts };
}

/** A finite preference as the one-context case of a contextual preference. */
export function asContextual(P: PreferenceMatrix | ContextualPreference): ContextualPreference {
  return 'contexts' in P ? P : contextualPreference([P]);
}
