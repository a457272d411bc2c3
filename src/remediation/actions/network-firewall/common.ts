/** What the Network Firewall actions share: the SDK declaration, the re-read of a firewall, the protection actions' shape. */
import { DescribeFirewallCommand, NetworkFirewallClient, UpdateFirewallDeleteProtectionCommand, UpdateSubnetChangeProtectionCommand } from '@aws-sdk/client-network-firewall';
import type { FirewallConfig } from '../../../resources/aws/network-firewall/firewall.ts';
import { sdk, type CommandCtor } from '../../kit/sdk.ts';
import { settingAction, type SettingValue, type Settings } from '../../kit/setting.ts';
import type { AnyAction, AwsApi } from '../../types.ts';

const IAM = { iam: 'network-firewall' };

/**
 * The firewall's protections and policy as DescribeFirewall returns them, and its UpdateToken: sent back with the
 * write, so that a change made by someone else between the re-read and the write fails (InvalidTokenException)
 * instead of being overwritten. `null` when the firewall no longer exists.
 */
export async function readFirewall(api: AwsApi, arn: string): Promise<Settings | null> {
  const d = await api.client(NetworkFirewallClient).send(new DescribeFirewallCommand({ FirewallArn: arn }));
  const f = d.Firewall;
  if (!f) return null;
  // The API documents false as each protection's default; an answer without the flag is that default.
  return {
    DeleteProtection: f.DeleteProtection ?? false,
    SubnetChangeProtection: f.SubnetChangeProtection ?? false,
    FirewallPolicyChangeProtection: f.FirewallPolicyChangeProtection ?? false,
    FirewallPolicyArn: f.FirewallPolicyArn ?? null,
    UpdateToken: d.UpdateToken ?? null,
  };
}

const describe = (k: string, v: SettingValue) => (k === 'UpdateToken' ? 'the firewall as read (its UpdateToken is sent back, so a concurrent change fails instead of being overwritten)' : `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);

interface ProtectionSpec {
  id: string;
  title: string;
  description: string;
  setting: 'DeleteProtection' | 'SubnetChangeProtection';
  operation: 'UpdateFirewallDeleteProtection' | 'UpdateSubnetChangeProtection';
}

/** A protection flag turned on with its own Update… call; undo turns it off again. */
export function protectionAction(spec: ProtectionSpec): AnyAction {
  const commands: Record<`${string}Command`, CommandCtor> = spec.operation === 'UpdateFirewallDeleteProtection' ? { UpdateFirewallDeleteProtectionCommand, DescribeFirewallCommand } : { UpdateSubnetChangeProtectionCommand, DescribeFirewallCommand };
  return settingAction({
    id: spec.id,
    title: spec.title,
    description: spec.description,
    resourceType: 'aws.network-firewall.firewall',
    sdk: [sdk(NetworkFirewallClient, commands, IAM)],
    settings: [spec.setting],
    read: (api, target) => readFirewall(api, target.arn),
    fromResource(r) {
      const c = r.config as Partial<FirewallConfig>;
      const v = spec.setting === 'DeleteProtection' ? c.deleteProtection : c.subnetChangeProtection;
      return v === undefined ? undefined : { [spec.setting]: v };
    },
    violations: (s) => (s[spec.setting] === false ? [`${spec.setting} = false`] : []),
    fix: () => ({ [spec.setting]: true }),
    describe,
    write: (values, current, target) => {
      const token = current.others['UpdateToken'];
      return {
        operation: spec.operation,
        params: { FirewallArn: target.arn, [spec.setting]: values[spec.setting], ...(typeof token === 'string' ? { UpdateToken: token } : {}) },
        purpose: `set ${spec.setting}=${String(values[spec.setting])}`,
      };
    },
  });
}
