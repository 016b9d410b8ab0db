#!/usr/bin/env node
// The `converge` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs as `prepare`).
import { main } from '../dist/src/runner/cli.js';

process.exitCode = await main(process.argv.slice(2));
