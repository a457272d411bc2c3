import { DescribeInstancesCommand, EC2Client, ModifyInstanceMetadataOptionsCommand } from '@aws-sdk/client-ec2';
import type { InstanceConfig } from '../../../resources/aws/ec2/instance.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

/**
 * ec2-require-imdsv2: makes an instance's metadata service require session tokens (IMDSv2). Only HttpTokens is sent:
 * the endpoint, hop limit, IPv6 endpoint and instance tags in metadata keep their values. Software on the instance
 * that still speaks IMDSv1 gets 401 afterwards (the MetadataNoToken CloudWatch metric shows whether any does).
 */
export const ec2RequireImdsv2 = settingAction({
  id: 'ec2-require-imdsv2',
  title: 'Require IMDSv2 on an instance',
  description:
    'ec2:ModifyInstanceMetadataOptions with HttpTokens=required only; HttpEndpoint, HttpPutResponseHopLimit, HttpProtocolIpv6 and InstanceMetadataTags stay. Undo: the same call with HttpTokens=optional.',
  resourceType: 'aws.ec2.instance',
  sdk: [sdk(EC2Client, { ModifyInstanceMetadataOptionsCommand, DescribeInstancesCommand })],
  settings: ['HttpTokens'],
  async read(api, target) {
    const out = await api.client(EC2Client).send(new DescribeInstancesCommand({ InstanceIds: [target.id] }));
    const i = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).find((x) => x.InstanceId === target.id);
    if (!i || i.State?.Name === 'terminated') return null;
    const md = i.MetadataOptions;
    if (!md?.HttpTokens) throw new Error(`DescribeInstances returned no MetadataOptions.HttpTokens for ${target.id}`);
    const s: Settings = { HttpTokens: md.HttpTokens };
    if (md.HttpEndpoint) s['HttpEndpoint'] = md.HttpEndpoint;
    if (md.HttpPutResponseHopLimit !== undefined) s['HttpPutResponseHopLimit'] = md.HttpPutResponseHopLimit;
    if (md.HttpProtocolIpv6) s['HttpProtocolIpv6'] = md.HttpProtocolIpv6;
    if (md.InstanceMetadataTags) s['InstanceMetadataTags'] = md.InstanceMetadataTags;
    return s;
  },
  fromResource(r) {
    const c = r.config as Partial<InstanceConfig>;
    return c.metadataHttpTokens === undefined ? undefined : { HttpTokens: c.metadataHttpTokens, ...(c.metadataHttpEndpoint ? { HttpEndpoint: c.metadataHttpEndpoint } : {}) };
  },
  // As the policy: a disabled metadata endpoint answers nothing, so optional tokens do not matter there.
  violations: (s) => (s['HttpEndpoint'] !== 'disabled' && s['HttpTokens'] === 'optional' ? ['HttpTokens = optional (IMDSv1 answered)'] : []),
  fix: () => ({ HttpTokens: 'required' }),
  write: (values, _current, target) => ({
    operation: 'ModifyInstanceMetadataOptions',
    params: { InstanceId: target.id, HttpTokens: values['HttpTokens'] },
    purpose: values['HttpTokens'] === 'required' ? 'answer instance metadata requests only with an IMDSv2 session token' : 'answer IMDSv1 requests again',
  }),
});
