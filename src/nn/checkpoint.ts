import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import type { Adam } from './adam.js';
import { loadTensorFile, saveTensors, type NamedTensor } from './file-io-handler.js';
import { describeSizes, type Mlp } from './mlp.js';

/** What one checkpoint file holds: named networks, named loose variables (a log std) and named optimizers. */
export interface NetCheckpoint {
  readonly nets: Readonly<Record<string, Mlp>>;
  readonly variables?: Readonly<Record<string, tf.Variable>>;
  readonly optimizers?: Readonly<Record<string, Adam>>;
}

/** The JSON beside the tensors: each network's layer widths and each optimizer's step count. */
interface CheckpointMeta {
  readonly nets: Record<string, readonly number[]>;
  readonly optimizers: Record<string, number>;
}

/**
 * Saves parameters and optimizer states to `<base>.json` + `<base>.bin` (tfjs's weights layout, float32 exact, each
 * file atomic): the one checkpoint format of every network agent.
 */
export async function saveNetCheckpoint(base: string, c: NetCheckpoint): Promise<void> {
  const tensors: NamedTensor[] = [];
  const meta: CheckpointMeta = { nets: {}, optimizers: {} };
  for (const [name, net] of Object.entries(c.nets)) {
    tensors.push({ name: `net/${name}`, tensor: net.params });
    meta.nets[name] = net.sizes;
  }
  for (const [name, v] of Object.entries(c.variables ?? {})) tensors.push({ name: `var/${name}`, tensor: v });
  for (const [name, adam] of Object.entries(c.optimizers ?? {})) {
    const { m, v, t } = adam.getState();
    m.forEach((x, i) => tensors.push({ name: `adam/${name}/m/${i}`, tensor: x }));
    v.forEach((x, i) => tensors.push({ name: `adam/${name}/v/${i}`, tensor: x }));
    meta.optimizers[name] = t;
  }
  await saveTensors(base, tensors, meta);
}

/**
 * Restores what `saveNetCheckpoint` wrote into networks, variables and optimizers of the same shapes. A network whose
 * layer widths differ from the saved one is an `InvalidArgumentError` naming both shapes (prefixed by `owner`).
 */
export async function loadNetCheckpoint(base: string, c: NetCheckpoint, owner: string): Promise<void> {
  const { tensors, meta } = await loadTensorFile(base);
  try {
    const m = meta as CheckpointMeta;
    const byName = new Map(tensors.map((t) => [t.name, t.tensor]));
    const need = (name: string): tf.Tensor => {
      const t = byName.get(name);
      if (t === undefined) throw new InvalidArgumentError(`${owner}: checkpoint ${base} holds no tensor ${JSON.stringify(name)}`);
      return t;
    };
    for (const [name, net] of Object.entries(c.nets)) {
      const saved = m.nets?.[name];
      if (saved === undefined || describeSizes(saved) !== describeSizes(net.sizes)) {
        throw new InvalidArgumentError(
          `${owner}: checkpoint ${base} holds network "${name}" of shape ${saved === undefined ? 'none' : describeSizes(saved)}; this agent's is ${describeSizes(net.sizes)}`,
        );
      }
    }
    for (const [name, v] of Object.entries(c.variables ?? {})) {
      const t = need(`var/${name}`);
      if (t.size !== v.size) throw new InvalidArgumentError(`${owner}: checkpoint ${base} holds "${name}" of shape [${t.shape.join(', ')}]; this agent's is [${v.shape.join(', ')}]`);
    }
    for (const [name, net] of Object.entries(c.nets)) net.setParams(need(`net/${name}`));
    for (const [name, v] of Object.entries(c.variables ?? {})) v.assign(need(`var/${name}`));
    for (const [name, adam] of Object.entries(c.optimizers ?? {})) {
      const count = adam.params.length;
      const ms = Array.from({ length: count }, (_, i) => need(`adam/${name}/m/${i}`));
      const vs = Array.from({ length: count }, (_, i) => need(`adam/${name}/v/${i}`));
      adam.setState(ms, vs, m.optimizers?.[name] ?? 0);
    }
  } finally {
    for (const t of tensors) t.tensor.dispose();
  }
}
