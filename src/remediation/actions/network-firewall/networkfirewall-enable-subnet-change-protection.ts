import { protectionAction } from './common.ts';

/** networkfirewall-enable-subnet-change-protection: the firewall's subnets then change only after the protection is turned off. */
export const networkfirewallEnableSubnetChangeProtection = protectionAction({
  id: 'networkfirewall-enable-subnet-change-protection',
  title: 'Turn on Network Firewall subnet change protection',
  description:
    'network-firewall:UpdateSubnetChangeProtection with SubnetChangeProtection=true and the UpdateToken just read (a change made meanwhile fails the call, nothing is overwritten). Deletion and policy change protection and the policy stay. Undo: SubnetChangeProtection=false.',
  setting: 'SubnetChangeProtection',
  operation: 'UpdateSubnetChangeProtection',
});
