import { EMRClient, GetBlockPublicAccessConfigurationCommand, PutBlockPublicAccessConfigurationCommand } from '@aws-sdk/client-emr';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings, type SettingValue } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

type Range = { MinRange: number; MaxRange: number };

const BLOCK = 'BlockPublicSecurityGroupRules';
const RANGES = 'PermittedPublicSecurityGroupRuleRanges';

const isSsh = (r: Range) => r.MinRange === 22 && r.MaxRange === 22;
const rangesOf = (v: SettingValue | undefined): Range[] => (Array.isArray(v) ? (v as Range[]) : []);
const text = (rs: Range[]) => (rs.length ? rs.map((r) => (r.MinRange === r.MaxRange ? String(r.MinRange) : `${r.MinRange}-${r.MaxRange}`)).join(', ') : 'none');

/**
 * The permitted ranges with everything beyond port 22 removed: port 22 alone stays; a wider range that included 22
 * is narrowed to 22 (SSH was permitted and still is); any other range goes.
 */
export function narrowToSsh(ranges: readonly Range[]): Range[] {
  return ranges.some((r) => r.MinRange <= 22 && 22 <= r.MaxRange) ? [{ MinRange: 22, MaxRange: 22 }] : [];
}

/** The account's configuration in the target's region, ranges normalized (a range without MaxRange is its MinRange port). */
async function read(api: AwsApi): Promise<Settings> {
  const r = await api.client(EMRClient).send(new GetBlockPublicAccessConfigurationCommand({}));
  const c = r.BlockPublicAccessConfiguration;
  return {
    [BLOCK]: c?.BlockPublicSecurityGroupRules ?? null,
    [RANGES]: (c?.PermittedPublicSecurityGroupRuleRanges ?? []).map((x) => ({ MinRange: x.MinRange ?? 0, MaxRange: x.MaxRange ?? x.MinRange ?? 0 })),
    CreatedByArn: r.BlockPublicAccessConfigurationMetadata?.CreatedByArn ?? null,
  };
}

/**
 * emr-block-public-access: turns EMR block public access on in an account and region and removes the permitted public
 * port ranges other than SSH (22). Undo puts the previous configuration back.
 */
export const emrBlockPublicAccess = settingAction({
  id: 'emr-block-public-access',
  title: 'Turn on EMR block public access, SSH only',
  description:
    'elasticmapreduce:PutBlockPublicAccessConfiguration with BlockPublicSecurityGroupRules=true and the permitted public port ranges narrowed to port 22 (port 22 stays, a wider range containing 22 becomes 22, other ranges go). AWS takes the whole configuration in one call; a setting that does not violate is sent back as it was. Undo: the previous configuration.',
  resourceType: 'aws.emr.account',
  sdk: [sdk(EMRClient, { PutBlockPublicAccessConfigurationCommand, GetBlockPublicAccessConfigurationCommand }, { iam: 'elasticmapreduce' })],
  settings: [BLOCK, RANGES],
  read: (api) => read(api),
  violations: (s) => [...(s[BLOCK] === false ? [`${BLOCK} = false`] : []), ...(rangesOf(s[RANGES]).some((r) => !isSsh(r)) ? [`ports permitted beyond 22: ${text(rangesOf(s[RANGES]).filter((r) => !isSsh(r)))}`] : [])],
  fix: (s) => ({ [BLOCK]: true, [RANGES]: narrowToSsh(rangesOf(s[RANGES])) }),
  describe: (k, v) => (k === RANGES ? `ports permitted from anywhere: ${text(rangesOf(v))}` : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`),
  write: (values, current) => ({
    operation: 'PutBlockPublicAccessConfiguration',
    params: { BlockPublicAccessConfiguration: { [BLOCK]: values[BLOCK] ?? current.settings[BLOCK], [RANGES]: values[RANGES] ?? current.settings[RANGES] } },
    purpose: 'block public security group rules, SSH only',
  }),
});
