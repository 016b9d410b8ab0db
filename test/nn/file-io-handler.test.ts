import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIOHandler, loadTensors, saveTensors } from '../../src/nn/file-io-handler.js';
import { initBackend } from '../../src/core/backend.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

describe('FileIOHandler', () => {
  let dir: string;
  before(async () => {
    await initBackend();
    dir = await mkdtemp(join(tmpdir(), 'io-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves and loads a tfjs LayersModel through model.save / tf.loadLayersModel', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    await model.save(new FileIOHandler(join(dir, 'model')));
    const loaded = await tf.loadLayersModel(new FileIOHandler(join(dir, 'model')));
    const x = tf.tensor2d([[1, 2, 3]]);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).to.deep.equal(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
    // Only the two final files remain: temp files were renamed.
    expect((await readdir(dir)).sort()).to.deep.equal(['model.bin', 'model.json']);
  });

  it('round-trips named tensors and rejects a weights file of the wrong size', async () => {
    const t = tf.tensor1d([1.5, -2, 3]);
    await saveTensors(join(dir, 'w'), [{ name: 'params', tensor: t }]);
    const [back] = await loadTensors(join(dir, 'w'));
    expect(back?.name).to.equal('params');
    expect(Array.from(back?.tensor.dataSync() ?? [])).to.deep.equal([1.5, -2, 3]);
    tf.dispose([t, back?.tensor as tf.Tensor]);
    await writeFile(join(dir, 'w.bin'), new Uint8Array(4));
    let err: unknown;
    await loadTensors(join(dir, 'w')).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.match(/holds 4 bytes.*expects 12/);
  });
});
