import { parseConfig } from '../../app/config.ts';
import { loadBuiltinPolicies } from '../../engine/loader.ts';
import { runScan } from '../../app/scan.ts';
import { buildEstate, DEMO_CONFIG, demoEstate } from '../../sim/estates/index.ts';
import { startSim } from '../../sim/server.ts';
import { bool, str, type Command } from '../command.ts';
import { progressReporter } from '../progress.ts';
import { parseFormat, writeReport } from '../render.ts';
import { renderSummaryLine } from '../../outputs/table.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'scan a fictional company (local AWS endpoint, no AWS account needed) and show the findings',
  usage: `[--format table|json|csv] [--output FILE]

Starts the local AWS endpoint with the demo estate (Kumo Retail: 5 accounts, 3 regions), scans every
account of its organization with the built-in policies and the demo's exclusions, prints the findings
and what to try next. Exits 0 when the demo ran (the findings are the point), 1 if it could not.`,
  options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'no-progress': { type: 'boolean' } },
  async run({ values, io }) {
    const format = parseFormat(str(values, 'format'));
    const { world } = buildEstate(demoEstate);
    const sim = await startSim({ world });
    const progress = progressReporter(io, !bool(values, 'no-progress'));
    try {
      const config = parseConfig(DEMO_CONFIG, 'demo mamori.yaml');
      const result = await runScan({
        aws: { endpointUrl: sim.url, homeRegion: 'us-east-1', maxAttempts: 5, concurrencyPerService: 8 },
        credentials: async () => ({ accessKeyId: 'AKIAMAMORIDEMO', secretAccessKey: 'demo' }),
        targets: { org: true, roleName: 'MamoriAudit' },
        policies: loadBuiltinPolicies(),
        globalExclusions: config.exclusions,
        onProgress: progress.onProgress,
      });
      progress.done();
      const output = str(values, 'output');
      writeReport(io, result.report, format, output);
      if (format === 'table' && !output) {
        io.out(
          [
            '',
            'What you are looking at: docs/demo.md explains every finding above.',
            'Try next:',
            '  npx mamori demo --format json                 the same report as the stable JSON contract',
            '  npx mamori policies list                      the built-in policies',
            '  npx mamori policies show aws-ec2-sg-open-cifs-445',
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
    }
  },
};
