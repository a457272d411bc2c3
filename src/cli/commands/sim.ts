import { existsSync, writeFileSync } from 'node:fs';
import { MamoriError } from '../../core/errors.ts';
import { generateEstate, parseGeneratorSpec } from '../../sim/estates/generate.ts';
import { loadEstate } from '../../sim/estates/index.ts';
import { FaultSpecError, parseFaults } from '../../sim/faults.ts';
import { startSim } from '../../sim/server.ts';
import { str, type Command } from '../command.ts';

export const simCommand: Command = {
  name: 'sim',
  usage: `[--port 4566] [--estate demo|generate:<settings>|FILE] [--faults SPEC] [--state FILE] [--truth FILE]

  --port N          port on 127.0.0.1 (4566; 0 picks a free one)
  --estate E        demo (default), generate:seed=1,accounts=3,regions=2,groups=50,buckets=20,snapshots=10,
                    or an estate file (YAML/JSON) or a saved state (JSON)
  --faults SPEC     e.g. "latency=20ms,jitter=5ms;ec2:Describe* throttle=0.2" (see docs/sim.md)
  --state FILE      load the state from FILE when it exists, save it there on exit
  --truth FILE      with a generated estate: write its ground truth (every failing finding the seed
                    policies must report, with the exact evidence ids) as JSON to FILE

Any access key works and acts as the estate's management account; AssumeRole returns keys of the target account.
It is for tests, demos and benchmarks only, never a replacement for AWS.`,
  options: { port: { type: 'string' }, estate: { type: 'string' }, faults: { type: 'string' }, state: { type: 'string' }, truth: { type: 'string' } },
  async run({ values, io }) {
    const port = Number(str(values, 'port') ?? '4566');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MamoriError('USAGE', `--port expects a port number, got "${str(values, 'port')}"`);
    const state = str(values, 'state');
    const estate = str(values, 'estate') ?? 'demo';
    const truthFile = str(values, 'truth');
    let world;
    if (truthFile) {
      if (!estate.startsWith('generate')) throw new MamoriError('USAGE', '--truth needs a generated estate (--estate generate:<settings>)');
      const generated = generateEstate(parseGeneratorSpec(estate.replace(/^generate:?/, '')));
      world = generated.world;
      writeFileSync(truthFile, `${JSON.stringify({ spec: estate, findings: generated.truth }, null, 2)}\n`);
      io.err(`ground truth: ${generated.truth.length} failing findings written to ${truthFile}\n`);
    } else world = loadEstate(state && existsSync(state) ? state : estate);
    let faults;
    try {
      const text = str(values, 'faults');
      faults = text ? parseFaults(text) : undefined;
    } catch (e) {
      if (e instanceof FaultSpecError) throw new MamoriError('USAGE', e.message);
      throw e;
    }
    let sim;
    try {
      sim = await startSim({ world, port, ...(faults ? { faults } : {}), ...(state ? { stateFile: state } : {}) });
    } catch (e) {
      throw new MamoriError('USAGE', `cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
    }
    const accounts = Object.values(world.accounts);
    io.err(
      [
        `mamori local AWS endpoint listening on ${sim.url}`,
        `  estate: ${accounts.length} accounts (${accounts.map((a) => `${a.id} ${a.name}`).join(', ')}), regions ${world.regions.join(', ')}`,
        '  try:',
        `    export AWS_ENDPOINT_URL=${sim.url} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1`,
        `    npx mamori scan --org --role-name OrganizationAccountAccessRole`,
        '  Ctrl-C stops it.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await sim.stop();
    io.err(state ? `stopped; state saved to ${state}\n` : 'stopped\n');
    return 0;
  },
};
