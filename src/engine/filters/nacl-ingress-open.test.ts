import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import type { NaclEntry } from '../../resources/aws/ec2/network-acl.ts';
import { UnknownDataError } from '../read.ts';
import { naclIngressOpen } from './nacl-ingress-open.ts';

function acl(entries: NaclEntry[] | undefined): Resource {
  return { type: 'aws.ec2.network-acl', id: 'acl-1', arn: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-1', account: '123456789012', region: 'us-east-1', tags: {}, related: [], config: { networkAclId: 'acl-1', vpcId: 'vpc-1', isDefault: false, associatedSubnetIds: [], ...(entries ? { entries } : {}) } };
}
const entry = (ruleNumber: number, ruleAction: 'allow' | 'deny', protocol: string, peer: Partial<NaclEntry>, ports?: [number, number], egress = false): NaclEntry => ({
  id: `${egress ? 'egress' : 'ingress'}:${ruleNumber}`,
  ruleNumber,
  egress,
  protocol,
  ruleAction,
  ...peer,
  ...(ports ? { portRange: { from: ports[0], to: ports[1] } } : {}),
});
const any4 = { cidrBlock: '0.0.0.0/0' };
const any6 = { ipv6CidrBlock: '::/0' };
const check = (params: Record<string, unknown>, r: Resource) => naclIngressOpen.create(naclIngressOpen.params.parse({ matcher: 'nacl-ingress-open', ...params }))(r);

describe('nacl-ingress-open: the first matching entry by rule number decides', () => {
  it('reports an allow-all entry once, naming every port it opens', () => {
    const ev = check({}, acl([entry(100, 'allow', '-1', any4), entry(32767, 'deny', '-1', any4)]));
    expect(ev.map((e) => e.id)).toEqual(['entry:ingress:100']);
    expect(ev[0]).toMatchObject({ kind: 'nacl-entry', summary: '#100 allow all traffic from 0.0.0.0/0 (opens tcp 22, tcp 3389)' });
  });

  it('lets a lower-numbered deny from anywhere shadow a later allow, per port and address family', () => {
    const entries = [entry(10, 'deny', '6', any4, [22, 22]), entry(20, 'allow', '-1', any4), entry(30, 'allow', '6', any6, [0, 65535])];
    expect(check({ ports: [22] }, acl(entries)).map((e) => e.id)).toEqual(['entry:ingress:30']);
    expect(check({ ports: [3389] }, acl(entries)).map((e) => e.id)).toEqual(['entry:ingress:20', 'entry:ingress:30']);
  });

  it('ignores narrower sources, egress entries, other protocols and ports outside the range', () => {
    const entries = [entry(10, 'allow', '6', { cidrBlock: '10.0.0.0/8' }, [22, 22]), entry(20, 'allow', '-1', any4, undefined, true), entry(30, 'allow', '17', any4, [0, 65535]), entry(40, 'allow', '6', any4, [23, 3388])];
    expect(check({}, acl(entries))).toEqual([]);
    expect(check({ protocols: ['udp'], ports: [53] }, acl(entries)).map((e) => e.id)).toEqual(['entry:ingress:30']);
  });

  it('an allow from a narrow range before the deny does not open the port to the internet', () => {
    expect(check({ ports: [22] }, acl([entry(5, 'deny', '6', { cidrBlock: '203.0.113.0/24' }, [22, 22]), entry(10, 'allow', '6', any4, [22, 22])])).map((e) => e.id)).toEqual(['entry:ingress:10']);
  });

  it('refuses to decide without the entries', () => {
    expect(() => check({}, acl(undefined))).toThrow(UnknownDataError);
  });
});
