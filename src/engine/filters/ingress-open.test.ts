import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import type { SgRule } from '../../resources/configs.ts';
import { UnknownDataError } from '../read.ts';
import { ingress, securityGroup } from '../test-helpers.ts';
import { describeRule, ingressOpen } from './ingress-open.ts';

const check = (params: Record<string, unknown>, r: Resource) => ingressOpen.create(ingressOpen.params.parse({ matcher: 'ingress-open', ...params }))(r);
const ids = (params: Record<string, unknown>, r: Resource) => check(params, r).map((e) => e.id);
const world4 = { cidrIpv4: '0.0.0.0/0' };
const world6 = { cidrIpv6: '::/0' };

describe('ingress-open: a group that opens the port to the internet', () => {
  it('reports each rule line that opens the port over IPv4 or IPv6, and only those', () => {
    const sg = securityGroup([
      ingress('sgr-a', 'tcp', 445, 445, world4),
      ingress('sgr-b', 'tcp', 445, 445, world6),
      ingress('sgr-c', 'tcp', 443, 443, world4),
      ingress('sgr-d', 'tcp', 445, 445, { cidrIpv4: '10.0.0.0/8' }),
    ]);
    const ev = check({ ports: [445], protocols: ['tcp', 'udp'] }, sg);
    expect(ev.map((e) => e.id)).toEqual(['sgr-a', 'sgr-b']);
    expect(ev[0]).toMatchObject({ kind: 'sg-rule', summary: 'tcp 445 from 0.0.0.0/0', data: { id: 'sgr-a', fromPort: 445 } });
    expect(ev[1]?.summary).toBe('tcp 445 from ::/0');
  });

  it('treats protocol -1 as every protocol and port', () => {
    const sg = securityGroup([ingress('sgr-all', '-1', undefined, undefined, world4)]);
    expect(ids({ ports: [1434], protocols: ['udp'] }, sg)).toEqual(['sgr-all']);
    expect(check({ ports: [22] }, sg)[0]?.summary).toBe('all traffic from 0.0.0.0/0');
  });

  it('matches a rule whose port range covers a wanted port, and wanted ranges that overlap it', () => {
    const sg = securityGroup([ingress('sgr-r', 'tcp', 0, 1024, world4), ingress('sgr-s', 'tcp', 139, 200, world4)]);
    expect(ids({ ports: [445] }, sg)).toEqual(['sgr-r']);
    expect(ids({ ports: ['137-139'] }, sg)).toEqual(['sgr-r', 'sgr-s']);
    expect(ids({ ports: ['27017-27018'] }, sg)).toEqual([]);
  });

  it('accepts protocols given as numbers by AWS or by the policy', () => {
    const sg = securityGroup([ingress('sgr-6', '6', 22, 22, world4), ingress('sgr-17', '17', 53, 53, world6)]);
    expect(ids({ ports: [22] }, sg)).toEqual(['sgr-6']);
    expect(ids({ ports: [53], protocols: [17] }, sg)).toEqual(['sgr-17']);
    expect(ids({ ports: [53], protocols: ['udp'] }, sg)).toEqual(['sgr-17']);
  });

  it('checks any port when no ports are given, and any protocol with protocols [all]', () => {
    const sg = securityGroup([ingress('sgr-t', 'tcp', 8080, 8080, world4), ingress('sgr-i', 'icmp', 8, 0, world4)]);
    expect(ids({}, sg)).toEqual(['sgr-t']);
    expect(ids({ protocols: ['all'] }, sg)).toEqual(['sgr-t', 'sgr-i']);
  });

  it('finds the internet however the CIDR is spelled', () => {
    const sg = securityGroup([ingress('sgr-x', 'tcp', 22, 22, { cidrIpv6: '0:0::0/0' }), ingress('sgr-y', 'tcp', 22, 22, { cidrIpv4: '8.8.8.8/0' })]);
    expect(ids({ ports: [22] }, sg)).toEqual(['sgr-x', 'sgr-y']);
  });

  it('uses the given sources by containment', () => {
    const sg = securityGroup([ingress('sgr-wide', 'tcp', 22, 22, { cidrIpv4: '10.0.0.0/8' }), ingress('sgr-narrow', 'tcp', 22, 22, { cidrIpv4: '10.1.0.0/16' })]);
    expect(ids({ ports: [22], sources: ['10.0.0.0/9'] }, sg)).toEqual(['sgr-wide']);
  });
});

describe('ingress-open: a group that does not open the port to the internet', () => {
  it('ignores other protocols, other ports, narrower ranges, prefix lists and group references', () => {
    const sg = securityGroup([
      ingress('sgr-udp', 'udp', 22, 22, world4),
      ingress('sgr-port', 'tcp', 23, 100, world4),
      ingress('sgr-half', 'tcp', 22, 22, { cidrIpv4: '0.0.0.0/1' }),
      ingress('sgr-half6', 'tcp', 22, 22, { cidrIpv6: '::/1' }),
      ingress('sgr-pl', 'tcp', 22, 22, { prefixListId: 'pl-1' }),
      ingress('sgr-grp', 'tcp', 22, 22, { referencedGroup: { groupId: 'sg-2' } }),
    ]);
    expect(check({ ports: [22] }, sg)).toEqual([]);
  });

  it('ignores egress rules', () => {
    const sg = securityGroup([{ id: 'sgr-e', direction: 'egress', protocol: '-1', cidrIpv4: '0.0.0.0/0' }]);
    expect(check({ ports: [22] }, sg)).toEqual([]);
  });

  it('does not apply IPv6 sources to IPv4 rules', () => {
    const sg = securityGroup([ingress('sgr-4', 'tcp', 22, 22, world4)]);
    expect(check({ ports: [22], sources: ['::/0'] }, sg)).toEqual([]);
  });
});

describe('ingress-open: data it cannot decide on', () => {
  it('throws UnknownDataError when the rules could not be read', () => {
    const sg = securityGroup([], { readErrors: { ingress: 'UnauthorizedOperation' } });
    expect(() => check({ ports: [22] }, sg)).toThrow(UnknownDataError);
    expect(() => check({ ports: [22] }, sg)).toThrow('config.ingress unknown: UnauthorizedOperation');
  });

  it('throws on a malformed CIDR in an otherwise matching rule', () => {
    const sg = securityGroup([ingress('sgr-bad', 'tcp', 22, 22, { cidrIpv4: '0.0.0.300/0' })]);
    expect(() => check({ ports: [22] }, sg)).toThrow('invalid CIDR');
  });
});

describe('ingress-open: parameters', () => {
  it('refuses bad ports, ranges, protocols and sources', () => {
    for (const bad of [{ ports: [70000] }, { ports: ['9-1'] }, { ports: [] }, { protocols: ['t c p'] }, { sources: ['0.0.0.0'] }, { port: [22] }]) {
      expect(ingressOpen.params.safeParse({ matcher: 'ingress-open', ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('defaults to tcp from 0.0.0.0/0 and ::/0', () => {
    expect(ingressOpen.params.parse({ matcher: 'ingress-open' })).toMatchObject({ protocols: ['tcp'], sources: ['0.0.0.0/0', '::/0'] });
  });

  it('describes rules in one line', () => {
    expect(describeRule({ id: 'r', direction: 'ingress', protocol: '17', fromPort: 137, toPort: 139, cidrIpv6: '::/0' })).toBe('udp 137-139 from ::/0');
  });
});

describe('ingress-open: agrees with a plain reading of the rule (property)', () => {
  const sources = [{ cidrIpv4: '0.0.0.0/0' }, { cidrIpv6: '::/0' }, { cidrIpv6: '::0/0' }, { cidrIpv4: '0.0.0.0/1' }, { cidrIpv4: '10.0.0.0/8' }, { cidrIpv6: '2001:db8::/32' }, { prefixListId: 'pl-1' }];
  const rule = fc.record({
    protocol: fc.constantFrom('tcp', 'udp', '6', '17', '-1', 'icmp'),
    from: fc.integer({ min: 0, max: 600 }),
    span: fc.integer({ min: 0, max: 100 }),
    source: fc.constantFrom(...sources),
    egress: fc.boolean(),
  });
  const wanted = fc.record({ port: fc.integer({ min: 0, max: 700 }), protocols: fc.subarray(['tcp', 'udp'], { minLength: 1 }) });

  it('reports exactly the ingress lines from a /0 whose protocol and port range match', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), wanted, (specs, w) => {
        const rules: SgRule[] = specs.map((s, i) => ({
          id: `sgr-${i}`,
          direction: s.egress ? 'egress' : 'ingress',
          protocol: s.protocol,
          ...(s.protocol === '-1' ? {} : { fromPort: s.from, toPort: s.from + s.span }),
          ...s.source,
        }));
        const name = (p: string) => ({ '6': 'tcp', '17': 'udp' })[p] ?? p;
        const expected = rules
          .filter((r) => r.direction === 'ingress')
          .filter((r) => r.cidrIpv4 === '0.0.0.0/0' || r.cidrIpv6 === '::/0' || r.cidrIpv6 === '::0/0')
          .filter((r) => r.protocol === '-1' || (w.protocols.includes(name(r.protocol)) && (r.fromPort as number) <= w.port && w.port <= (r.toPort as number)))
          .map((r) => r.id);
        expect(ids({ ports: [w.port], protocols: w.protocols }, securityGroup(rules))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ingress-open allPorts: rules that open every port', () => {
  it('matches all traffic and tcp/udp 0-65535 from the internet, not narrower ranges or icmp', () => {
    const sg = securityGroup([
      ingress('sgr-all', '-1', undefined, undefined, world4),
      ingress('sgr-tcp', 'tcp', 0, 65535, world6),
      ingress('sgr-udp', '17', 0, 65535, world4),
      ingress('sgr-most', 'tcp', 1, 65535, world4),
      ingress('sgr-icmp', 'icmp', -1, -1, world4),
      ingress('sgr-priv', '-1', undefined, undefined, { cidrIpv4: '10.0.0.0/8' }),
    ]);
    expect(ids({ allPorts: true, protocols: ['all'] }, sg)).toEqual(['sgr-all', 'sgr-tcp', 'sgr-udp']);
  });
});

describe('ingress-open authorizedTcpPorts: rules that open ports outside an approved list', () => {
  it('passes tcp rules inside the list, and fails other tcp ports, udp and all traffic', () => {
    const sg = securityGroup([
      ingress('sgr-https', 'tcp', 443, 443, world4),
      ingress('sgr-http6', 'tcp', 80, 80, world6),
      ingress('sgr-ssh', 'tcp', 22, 22, world4),
      ingress('sgr-span', 'tcp', 80, 443, world4),
      ingress('sgr-dns', 'udp', 53, 53, world4),
      ingress('sgr-all', '-1', undefined, undefined, world6),
      ingress('sgr-ping', 'icmp', 8, 0, world4),
      ingress('sgr-private', 'tcp', 22, 22, { cidrIpv4: '10.0.0.0/8' }),
    ]);
    expect(ids({ authorizedTcpPorts: [80, 443], protocols: ['tcp', 'udp'] }, sg)).toEqual(['sgr-ssh', 'sgr-span', 'sgr-dns', 'sgr-all']);
  });

  it('treats overlapping and adjacent authorized ranges as one', () => {
    const sg = securityGroup([ingress('sgr-r', 'tcp', 8000, 8100, world4)]);
    expect(ids({ authorizedTcpPorts: ['8000-8049', '8050-8100'] }, sg)).toEqual([]);
    expect(ids({ authorizedTcpPorts: ['8000-8049', '8051-8100'] }, sg)).toEqual(['sgr-r']);
  });

  it('refuses to combine ports, allPorts and authorizedTcpPorts', () => {
    expect(() => ingressOpen.params.parse({ matcher: 'ingress-open', ports: [22], authorizedTcpPorts: [443] })).toThrow(/ports and authorizedTcpPorts cannot be combined/);
    expect(() => ingressOpen.params.parse({ matcher: 'ingress-open', allPorts: true, ports: [22] })).toThrow(/cannot be combined/);
    expect(() => ingressOpen.params.parse({ matcher: 'ingress-open', authorizedTcpPorts: ['443-80'] })).toThrow(/from <= to/);
  });
});
