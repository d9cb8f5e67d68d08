import { App } from 'cdktf';
import { environments } from '../config/index.js';
import { addStacks } from './app.js';

// `npm run synth -w @marketfeed/infra`: writes cdktf.out/ without a terraform binary.
function main(): void {
  const started = Date.now();
  const app = new App({ outdir: 'cdktf.out' });
  addStacks(app, environments);
  app.synth();
  const stacks = app.node.children.map((c) => c.node.id);
  console.log(
    `synthesized ${stacks.length} stacks in ${Date.now() - started} ms: ${stacks.join(', ')}`,
  );
}

main();
