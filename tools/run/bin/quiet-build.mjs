#!/usr/bin/env node
// Runs a build step for an npm script whose stdout is data (`npm run consume > out.jsonl`) or a
// live view: the step's own output is held back and shown (on stderr) only if it fails.
// Plain JS so it runs before anything is built.
//   node tools/run/bin/quiet-build.mjs [--say "what is happening"] -- command args...
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const own = dashes < 0 ? [] : argv.slice(0, dashes);
const [cmd, ...args] = dashes < 0 ? argv : argv.slice(dashes + 1);
const sayAt = own.indexOf('--say');
const say = sayAt >= 0 ? own[sayAt + 1] : undefined;
if (!cmd) {
  process.stderr.write('usage: quiet-build.mjs [--say "message"] -- command args...\n');
  process.exit(2);
}
const started = Date.now();
if (say) process.stderr.write(`▸ ${say}\n`);
const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const held = [];
child.stdout.on('data', (d) => held.push(d));
child.stderr.on('data', (d) => held.push(d));
child.on('error', (err) => {
  process.stderr.write(`${cmd}: ${err.message}\n`);
  process.exit(127);
});
child.on('close', (code) => {
  if (code !== 0) {
    process.stderr.write(Buffer.concat(held));
    process.stderr.write(`build failed (${cmd} exited with ${code})\n`);
    process.exit(code ?? 1);
  }
  if (say) process.stderr.write(`  ✓ built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});
