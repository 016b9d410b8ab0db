import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InvalidArgumentError } from '../core/errors.js';

/** A tensor with the name it is saved under. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

/** What the JSON half of a saved model holds (tfjs's `model.json` layout, plus the byte count of the weights). */
interface ModelFileJSON {
  readonly format?: string;
  readonly modelTopology?: unknown;
  readonly weightsManifest: { readonly paths: string[]; readonly weights: tf.io.WeightsManifestEntry[] }[];
  readonly weightDataBytes: number;
}

/**
 * A tfjs `IOHandler` that saves to and loads from files (pure-JS tfjs has no `file://` handler): `<base>.json`
 * (tfjs's model.json layout) and `<base>.bin` (the weights), each written atomically, the weights first.
 */
export class FileIOHandler implements tf.io.IOHandler {
  constructor(private readonly base: string) {}

  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
    const binName = `${basename(this.base)}.bin`;
    const json: ModelFileJSON = {
      format: artifacts.format,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [binName], weights: artifacts.weightSpecs ?? [] }],
      weightDataBytes: data.byteLength,
    };
    await writeFileAtomic(`${this.base}.bin`, data);
    await writeFileAtomic(`${this.base}.json`, JSON.stringify(json));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    const json = JSON.parse(await readFile(`${this.base}.json`, 'utf8')) as ModelFileJSON;
    const bin = await readFile(`${this.base}.bin`);
    if (bin.byteLength !== json.weightDataBytes) {
      throw new InvalidArgumentError(`${this.base}.bin holds ${bin.byteLength} bytes, ${this.base}.json expects ${json.weightDataBytes}`);
    }
    return {
      format: json.format,
      modelTopology: json.modelTopology as {},
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: new Uint8Array(bin).buffer,
    };
  }
}

/** Saves named tensors (weights, optimizer slots) to `<base>.json` + `<base>.bin` through `FileIOHandler`, with `meta` (JSON) beside them. */
export async function saveTensors(base: string, tensors: readonly NamedTensor[], meta?: unknown): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights([...tensors]);
  await new FileIOHandler(base).save({
    weightSpecs: specs,
    weightData: data,
    format: 'converge-rl/tensors',
    ...(meta === undefined ? {} : { modelTopology: meta as {} }),
  });
}

/** Loads tensors saved by `saveTensors`, in saved order, with the `meta` saved beside them; the caller disposes them. */
export async function loadTensorFile(base: string): Promise<{ tensors: NamedTensor[]; meta: unknown }> {
  const artifacts = await new FileIOHandler(base).load();
  const specs = artifacts.weightSpecs ?? [];
  const map = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  return { tensors: specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor })), meta: artifacts.modelTopology };
}

/** Loads tensors saved by `saveTensors`, in saved order; the caller disposes them. */
export async function loadTensors(base: string): Promise<NamedTensor[]> {
  return (await loadTensorFile(base)).tensors;
}
