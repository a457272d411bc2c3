#!/usr/bin/env node
// What someone does by mistake, against the demo endpoint of `mamori serve --demo`: in the Development account
// (333333333333, us-east-1) create a fresh security group, allow HTTPS from the private network (a harmless line),
// then SMB (tcp 445) from the whole internet. Then watch the group until mamori has revoked the SMB line, and say
// what stays. Usage, as `mamori serve --demo` prints it:
//   node examples/demo/open-smb.mjs http://127.0.0.1:PORT [--no-wait]
// Through the AWS SDK, like any script: the endpoint takes any access key as the organization's management account,
// which assumes OrganizationAccountAccessRole in Development as the person "alice". See docs/demo.md.
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

const [endpoint, ...flags] = process.argv.slice(2);
if (!endpoint || !/^https?:\/\/[^/]+\/?$/.test(endpoint) || flags.some((f) => f !== '--no-wait')) {
  process.stderr.write('usage: node open-smb.mjs http://127.0.0.1:PORT [--no-wait]   (the demo estate URL that mamori serve --demo printed)\n');
  process.exit(2);
}
const wait = !flags.includes('--no-wait');
const region = 'us-east-1';
const account = '333333333333';
const demo = { accessKeyId: 'demo', secretAccessKey: 'demo' };

try {
  const sts = new STSClient({ region, endpoint, credentials: demo });
  const role = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'alice' }));
  const c = role.Credentials;
  const ec2 = new EC2Client({ region, endpoint, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
  const name = `file-share-${Date.now().toString(36)}`;
  const { GroupId: groupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'a quick file share' }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }));
  const opened = Date.now();
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  process.stdout.write(`${groupId} ${name}: opened tcp 445 to 0.0.0.0/0 in Development (${account}) ${region}, next to tcp 443 from 10.0.0.0/8\n`);
  if (!wait) process.exit(0);
  const lines = async () =>
    ((await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules ?? [])
      .filter((r) => !r.IsEgress)
      .map((r) => `${r.IpProtocol} ${r.FromPort === r.ToPort ? r.FromPort : `${r.FromPort}-${r.ToPort}`} from ${r.CidrIpv4 ?? r.CidrIpv6 ?? r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId}`);
  for (;;) {
    const now = await lines();
    if (!now.some((l) => / 445 from 0\.0\.0\.0\/0$/.test(l))) {
      process.stdout.write(`${groupId}: the tcp 445 line is gone after ${((Date.now() - opened) / 1000).toFixed(1)} s; stays: ${now.join(', ') || 'nothing'}\n`);
      process.exit(0);
    }
    if (Date.now() - opened > 60_000) {
      process.stderr.write(`${groupId}: tcp 445 is still open after 60 s: is mamori serve --demo running on this endpoint? Its terminal says why.\n`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
} catch (e) {
  process.stderr.write(`open-smb: ${e?.name ?? 'Error'}: ${e?.message ?? e} (is ${endpoint} the demo estate URL mamori serve --demo printed?)\n`);
  process.exit(1);
}
