import { protectionAction } from './common.ts';

/** networkfirewall-enable-deletion-protection: a firewall can then be deleted only after the protection is turned off. */
export const networkfirewallEnableDeletionProtection = protectionAction({
  id: 'networkfirewall-enable-deletion-protection',
  title: 'Turn on Network Firewall deletion protection',
  description:
    'network-firewall:UpdateFirewallDeleteProtection with DeleteProtection=true and the UpdateToken just read (a change made meanwhile fails the call, nothing is overwritten). Subnet and policy change protection and the policy stay. Undo: DeleteProtection=false.',
  setting: 'DeleteProtection',
  operation: 'UpdateFirewallDeleteProtection',
});
