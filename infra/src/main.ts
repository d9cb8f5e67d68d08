import { App } from 'cdktf';
import { addStacks } from './app.js';

// `npm run synth -w @marketfeed/infra`: writes cdktf.out/ without a terraform binary.
async function main(): Promise<void> {
  const started = Date.now();
  // Imported here so that an invalid config is reported as a message, not a stack trace.
  const { environments } = await import('../config/index.js');
  const app = new App({ outdir: 'cdktf.out' });
  addStacks(app, environments);
  app.synth();
  const stacks = app.node.children.map((c) => c.node.id);
  console.log(
    `synthesized ${stacks.length} stacks in ${Date.now() - started} ms: ${stacks.join(', ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
