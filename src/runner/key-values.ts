import { parse as parseYaml } from 'yaml';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * Parses command-line `key=value` pairs (`--hyperparams learningRate=1e-3 netArch=[64,64]`) into a mapping; each
 * value is read as YAML (`1e-3` a number, `true` a boolean, `null`, `[64, 64]` a list, anything else a string),
 * as in a config file. A pair without `=`, an empty key, a key given twice or a value that is not YAML is an
 * `InvalidArgumentError` naming the flag and the pair.
 */
export function parseKeyValues(flag: string, pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key === '') throw new InvalidArgumentError(`${flag}: ${JSON.stringify(pair)} is not key=value`);
    if (Object.hasOwn(out, key)) throw new InvalidArgumentError(`${flag}: ${key} is given twice`);
    const text = pair.slice(eq + 1);
    try {
      out[key] = text.trim() === '' ? '' : (parseYaml(text) as unknown);
    } catch (e) {
      throw new InvalidArgumentError(`${flag}: the value of ${key}, ${JSON.stringify(text)}, is not a YAML value (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return out;
}
