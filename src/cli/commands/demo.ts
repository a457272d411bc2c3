import { parseConfig } from '../../app/config.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { scanAndRecord } from '../../app/record.ts';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../sim/estates/index.ts';
import { startSim } from '../../sim/server.ts';
import { bool, str, type Command } from '../command.ts';
import { progressReporter } from '../progress.ts';
import { parseFormat, writeReport } from '../render.ts';
import { renderSummaryLine } from '../../outputs/table.ts';
import { demoDataDir, openCliStore, storeDisabled, STORE_OPTIONS } from '../store.ts';

export const demoCommand: Command = {
  name: 'demo',
  usage: `[--format table|json|csv|ocsf|asff] [--output FILE]

Starts the local AWS endpoint with the demo estate (Kumo Retail: 5 accounts, 3 regions), scans every
account of its organization with the built-in policies and the demo's exclusions, prints the findings
and what to try next. The run is recorded in its own store (~/.mamori/demo, or --data-dir), so that
\`mamori findings\`, \`diff\` and \`runs\` can be tried on it; --no-store records nothing. Exits 0 when the demo ran (the findings are the point), 1 if it could not.`,
  options: { ...STORE_OPTIONS, format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'no-progress': { type: 'boolean' }, 'no-store': { type: 'boolean' } },
  async run({ values, io }) {
    const format = parseFormat(str(values, 'format'));
    const { world } = buildEstate(demoEstate);
    const config = parseConfig(DEMO_CONFIG, 'demo mamori.yaml');
    const dataDir = demoDataDir(io.env);
    const store = storeDisabled(values, io.env) ? undefined : await openCliStore({ ...values, 'database-url': undefined }, { ...io.env, MAMORI_DATABASE_URL: undefined }, config, str(values, 'data-dir') ?? dataDir);
    const policies = loadBuiltinPolicies();
    const sim = await startSim({ world });
    const progress = progressReporter(io, !bool(values, 'no-progress'));
    try {
      const result = await scanAndRecord({
        aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 },
        credentials: async () => ({ accessKeyId: 'AKIAMAMORIDEMO', secretAccessKey: 'demo' }),
        targets: { org: true, roleName: 'MamoriAudit' },
        policies,
        globalExclusions: config.exclusions,
        onProgress: progress.onProgress,
      }, store);
      progress.done();
      const output = str(values, 'output');
      writeReport(io, result.report, format, output, { policies });
      if (format === 'table' && !output) {
        io.out(
          [
            '',
            'What you are looking at: docs/demo.md explains every finding above.',
            'Try next:',
            '  npx mamori demo --format json                 the same report as the stable JSON contract',
            '  npx mamori policies list                      the built-in policies',
            '  npx mamori policies show aws-ec2-sg-open-cifs-445',
            ...(result.run ? [`  npx mamori findings --data-dir ${str(values, 'data-dir') ?? dataDir}   the findings as stored, with their lifecycle (run ${result.run.id})`] : []),
            '  npx mamori sim --estate demo                  keep the local endpoint running, then in another shell:',
            '  AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \\',
            '    npx mamori scan --org --role-name MamoriAudit --policy aws-ec2-sg-open-cifs-445',
            '',
          ].join('\n'),
        );
      } else io.err(`${renderSummaryLine(result.report)}\n`);
      return result.report.summary.complete ? 0 : 1;
    } finally {
      progress.done();
      await sim.stop();
      await store?.close();
    }
  },
};
