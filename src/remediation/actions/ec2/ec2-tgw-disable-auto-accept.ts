import { DescribeTransitGatewaysCommand, EC2Client, ModifyTransitGatewayCommand } from '@aws-sdk/client-ec2';
import type { TransitGatewayConfig } from '../../../resources/aws/ec2/transit-gateway.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

/**
 * ec2-tgw-disable-auto-accept: stops a transit gateway from accepting shared attachments without review. Attachments
 * already accepted stay; new ones from the accounts it is shared with wait for AcceptTransitGatewayVpcAttachment.
 */
export const ec2TgwDisableAutoAccept = settingAction({
  id: 'ec2-tgw-disable-auto-accept',
  title: 'Stop a transit gateway auto-accepting shared attachments',
  description:
    'ec2:ModifyTransitGateway with Options.AutoAcceptSharedAttachments=disable only; existing attachments, route table association and propagation, DNS, ECMP and the description stay. Undo: the same call with enable.',
  resourceType: 'aws.ec2.transit-gateway',
  sdk: [sdk(EC2Client, { ModifyTransitGatewayCommand, DescribeTransitGatewaysCommand })],
  settings: ['AutoAcceptSharedAttachments'],
  async read(api, target) {
    const out = await api.client(EC2Client).send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [target.id] }));
    const t = (out.TransitGateways ?? []).find((x) => x.TransitGatewayId === target.id);
    if (!t || t.State === 'deleted') return null;
    // Every option as AWS reports it (strings and numbers); the plan lists them as what stays.
    const s: Settings = {};
    for (const [k, v] of Object.entries(t.Options ?? {})) if (typeof v === 'string' || typeof v === 'number') s[k] = v;
    if (s['AutoAcceptSharedAttachments'] === undefined) throw new Error(`DescribeTransitGateways returned no Options.AutoAcceptSharedAttachments for ${target.id}`);
    return s;
  },
  fromResource(r) {
    const c = r.config as Partial<TransitGatewayConfig>;
    return c.autoAcceptSharedAttachments === undefined ? undefined : { AutoAcceptSharedAttachments: c.autoAcceptSharedAttachments };
  },
  violations: (s) => (s['AutoAcceptSharedAttachments'] === 'enable' ? ['AutoAcceptSharedAttachments = enable'] : []),
  fix: () => ({ AutoAcceptSharedAttachments: 'disable' }),
  write: (values, _current, target) => ({
    operation: 'ModifyTransitGateway',
    params: { TransitGatewayId: target.id, Options: { AutoAcceptSharedAttachments: values['AutoAcceptSharedAttachments'] } },
    purpose: values['AutoAcceptSharedAttachments'] === 'disable' ? 'require each shared attachment to be accepted' : 'accept shared attachments automatically again',
  }),
});
