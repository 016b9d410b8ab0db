import { main, type CliIO } from '../../src/runner/cli.js';

/** Runs the `converge` CLI in-process and returns its exit code and what it wrote. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  return { code: await main(argv, io), out, err };
}
