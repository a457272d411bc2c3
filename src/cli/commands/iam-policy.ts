import { iamPolicy } from '../../remediation/iam-policy.ts';
import { DEFAULT_ROLE_NAME } from '../../aws/accounts.ts';
import { bool, EXIT, str, type Command } from '../command.ts';
import { CONFIG_OPTIONS, resolveConfig, resolvePolicies, SELECT_OPTIONS, SELECT_USAGE } from '../options.ts';

export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  usage: `[--scan] [--remediate] [--org [--role-name NAME]] [policy selection]

Built from what the code declares: the permissions of the collectors the selected policies need (--scan) and
of the remediation actions they name (--remediate). Without either flag, both. --org adds what scanning an
organization needs in the management account (organizations:ListAccounts, sts:AssumeRole on the role).

  --scan                  the permissions to scan
  --remediate             the permissions to fix (the actions' reads, changes and undos)
  --org                   also organizations:ListAccounts and sts:AssumeRole
  --role-name NAME        the role assumed in each account (OrganizationAccountAccessRole)

${SELECT_USAGE}`,
  options: { ...SELECT_OPTIONS, ...CONFIG_OPTIONS, scan: { type: 'boolean' }, remediate: { type: 'boolean' }, org: { type: 'boolean' }, 'role-name': { type: 'string' } },
  async run({ values, io }) {
    const config = resolveConfig(values, io.env, io.cwd);
    const { selected } = resolvePolicies(values, io.env, config);
    const scan = bool(values, 'scan');
    const remediate = bool(values, 'remediate');
    const doc = iamPolicy({
      scan: scan || !remediate,
      remediate: remediate || !scan,
      policies: selected,
      globalExclusions: config.exclusions,
      ...(bool(values, 'org') ? { org: { roleName: str(values, 'role-name') ?? DEFAULT_ROLE_NAME } } : {}),
    });
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT.OK;
  },
};
