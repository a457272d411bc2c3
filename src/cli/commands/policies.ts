import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MamoriError } from '../../core/errors.ts';
import { loadPolicyFile } from '../../app/policies.ts';
import { listPolicyFiles } from '../../engine/loader.ts';
import type { Policy } from '../../engine/policy.ts';
import { str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig, resolvePolicies, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';
import { existsSync, statSync } from 'node:fs';
import { plural } from '../../outputs/plural.ts';

function row(p: Policy): string {
  return `${p.severity.padEnd(8)} ${p.id.padEnd(42)} ${p.resource.padEnd(28)} ${(p.response?.mode ?? 'notify').padEnd(7)} ${p.title}`;
}

export const policiesCommand: Command = {
  name: 'policies',
  usage: `list [selection] [--format table|json]
       mamori policies show <policy-id>
       mamori policies validate <file-or-dir> [...]

  --format F              table (default) or json

MODE is the policy's own response mode: off (findings recorded, no fix planned, not even by mamori fix),
notify (findings recorded and shown for review; nothing is sent yet), approve (scans with --remediate plan the
fix for mamori approve), auto (those scans apply it). mamori.yaml responses and the console's settings
override it; the console's policy page shows the mode in effect and where it comes from.

${SELECT_USAGE}`,
  options: { ...SELECT_OPTIONS, ...CONFIG_OPTIONS, format: { type: 'string' } },
  positionals: true,
  async run({ values, positionals, io }) {
    const [sub, ...args] = positionals;
    if (sub === 'validate') {
      if (!args.length) throw new MamoriError('USAGE', 'policies validate needs at least one file or directory');
      let count = 0;
      for (const arg of args) {
        const path = resolve(io.cwd, arg);
        if (!existsSync(path)) throw new MamoriError('USAGE', `no such file or directory: ${arg}`);
        const files = statSync(path).isDirectory() ? listPolicyFiles(path) : [path];
        // Validating a directory that holds no policy checks nothing; that is not a pass.
        if (files.length === 0) throw new MamoriError('USAGE', `no policy files (*.yaml, *.yml) under ${arg}`);
        for (const f of files) {
          // Throws a POLICY_INVALID with file:line:column on the first problem.
          const p = loadPolicyFile(f, f.startsWith(io.cwd) ? f.slice(io.cwd.length + 1) : f);
          io.out(`ok  ${p.id}  (${f.startsWith(io.cwd) ? f.slice(io.cwd.length + 1) : f})\n`);
          count++;
        }
      }
      io.out(`${count} polic${count === 1 ? 'y' : 'ies'} valid\n`);
      return 0;
    }
    const config = resolveConfig(values, io.env, io.cwd);
    if (sub === 'show') {
      const id = args[0];
      if (!id) throw new MamoriError('USAGE', 'policies show needs a policy id');
      const { all } = resolvePolicies({ ...values, policy: undefined, severity: undefined, service: undefined }, io.env, config);
      const p = all.find((x) => x.id === id);
      if (!p) throw new MamoriError('USAGE', `unknown policy "${id}" (see mamori policies list)`);
      if (str(values, 'format') === 'json') {
        io.out(`${JSON.stringify(p, null, 2)}\n`);
        return 0;
      }
      io.out(p.file && existsSync(p.file) ? readFileSync(p.file, 'utf8') : `${JSON.stringify(p, null, 2)}\n`);
      return 0;
    }
    if (sub !== undefined && sub !== 'list') throw new MamoriError('USAGE', `policies: unknown subcommand "${sub}" (expected list, show or validate)`);
    const { selected } = resolvePolicies(values, io.env, config);
    if (str(values, 'format') === 'json') {
      io.out(`${JSON.stringify({ policies: selected.map((p) => ({ id: p.id, title: p.title, severity: p.severity, resource: p.resource, frameworks: p.frameworks, response: p.response ?? { mode: 'notify' } })) }, null, 2)}\n`);
      return 0;
    }
    io.out(`${'SEVERITY'.padEnd(8)} ${'ID'.padEnd(42)} ${'RESOURCE'.padEnd(28)} ${'MODE'.padEnd(7)} TITLE\n`);
    for (const p of selected) io.out(`${row(p)}\n`);
    io.out(`${plural(selected.length, 'policy')}\n`);
    return 0;
  },
};
