import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { SgRule } from '../../resources/configs.ts';
import { cidrContains, prefixLengthOf, tryParseCidr } from '../../core/cidr.ts';
import type { Cidr } from '../../core/cidr.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { describeValue } from '../source.ts';
import { didYouMean, strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

// IANA protocol numbers: AWS returns either the name or the number for these.
const PROTOCOL_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };
const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** Protocols whose FromPort/ToPort are ports; for the others (icmp ...) they are types and codes. */
const PORTED = new Set(['tcp', '6', 'udp', '17', 'sctp', '132']);

const port = z.number().int().min(0).max(65535);
const portSpec = z.union([port, z.string().regex(/^\d{1,5}(-\d{1,5})?$/)], {
  error: (iss) => `expected a port number or a "from-to" range, got ${describeValue(iss.input)}`,
});

/** Protocol names as AWS writes them in rules, plus `all` for `-1`; any other protocol is given by number. */
export const PROTOCOL_CHOICES = ['tcp', 'udp', 'icmp', 'icmpv6', 'all', '-1'] as const;

// A misspelt protocol (`tpc`) would never match a rule: a silent false negative, so names are an enumeration.
const protocolError = (input: unknown) =>
  `expected a protocol name (${PROTOCOL_CHOICES.join(', ')}) or number 0-255, got ${describeValue(input)}${didYouMean(input, PROTOCOL_CHOICES)}`;
const protocol = z
  .union([z.string(), z.number().int().min(-1).max(255)], { error: (iss) => protocolError(iss.input) })
  .refine((p) => typeof p === 'number' || (PROTOCOL_CHOICES as readonly string[]).includes(p.toLowerCase()) || (/^\d{1,3}$/.test(p) && Number(p) <= 255), {
    error: (iss) => protocolError(iss.input),
  });

const cidr = z.string().refine((s) => tryParseCidr(s) !== undefined, {
  error: (iss) => `expected a CIDR such as 0.0.0.0/0 or ::/0, got ${describeValue(iss.input)}`,
});

const params = strictObject('matcher ingress-open', {
  matcher: z.literal('ingress-open'),
  ports: z.array(portSpec).min(1).optional(),
  protocols: z.array(protocol).min(1).default(['tcp']),
  sources: z.array(cidr).min(1).default(['0.0.0.0/0', '::/0']),
  allPorts: z.boolean().default(false),
  authorizedTcpPorts: z.array(portSpec).optional(),
}).superRefine((p, ctx) => {
  // Each narrows which rule lines count in a different way; combined they would contradict each other.
  const narrowing = (['ports', 'allPorts', 'authorizedTcpPorts'] as const).filter((k) => (k === 'allPorts' ? p.allPorts : p[k] !== undefined));
  if (narrowing.length > 1) ctx.addIssue({ code: 'custom', path: [narrowing[1]!], message: `${narrowing.join(' and ')} cannot be combined` });
  [...(p.ports ?? []), ...(p.authorizedTcpPorts ?? [])].forEach((spec, j) => {
    const inPorts = j < (p.ports?.length ?? 0);
    const i = inPorts ? j : j - (p.ports?.length ?? 0);
    if (typeof spec === 'number') return;
    const [lo, hi = lo] = spec.split('-').map(Number) as [number, number?];
    if (lo > 65535 || hi > 65535 || lo > hi) {
      ctx.addIssue({ code: 'custom', path: [inPorts ? 'ports' : 'authorizedTcpPorts', i], message: `expected a port range within 0-65535 with from <= to, got "${spec}"` });
    }
  });
});

export type IngressOpenParams = z.output<typeof params>;

/** Normalizes a protocol as written (name, number, `all`) to the forms AWS may use for a rule. */
function protocolForms(p: string | number): string[] {
  const s = String(p).toLowerCase();
  if (s === '-1' || s === 'all') return ['-1'];
  const number = PROTOCOL_NUMBERS[s];
  if (number) return [s, number];
  const name = PROTOCOL_NAMES[s];
  return name ? [s, name] : [s];
}

function parsePorts(specs: readonly (number | string)[]): Array<[number, number]> {
  return specs.map((spec) => {
    if (typeof spec === 'number') return [spec, spec];
    const [lo, hi = lo] = spec.split('-').map(Number) as [number, number?];
    return [lo, hi];
  });
}

/** Sorted, merged ranges: `[[80,80],[443,443]]`, `[[1,10],[5,20]]` → `[[1,20]]`. */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Whether every port from..to lies in the merged ranges. */
function coveredBy(merged: ReadonlyArray<[number, number]>, from: number, to: number): boolean {
  for (const [lo, hi] of merged) if (lo <= from && to <= hi) return true;
  return false;
}

// Rules repeat a handful of wide CIDRs (0.0.0.0/0, ::/0) across thousands of groups and twenty
// policies; parsing each once keeps allocation out of the scan.
const cidrCache = new Map<string, Cidr>();

function parseRuleCidr(range: string): Cidr {
  let parsed = cidrCache.get(range);
  if (parsed === undefined) {
    parsed = tryParseCidr(range);
    if (!parsed) throw new Error(`invalid CIDR "${range}" in rule`);
    if (cidrCache.size >= 4096) cidrCache.clear();
    cidrCache.set(range, parsed);
  }
  return parsed;
}

/** `tcp 445 from 0.0.0.0/0`, `udp 137-139 from ::/0`, `all traffic from 0.0.0.0/0` */
export function describeRule(rule: SgRule): string {
  const source = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroup?.groupId ?? '?';
  if (rule.protocol === '-1') return `all traffic from ${source}`;
  const proto = PROTOCOL_NAMES[rule.protocol] ?? rule.protocol;
  const from = rule.fromPort;
  const to = rule.toPort;
  let ports = '';
  if (from === undefined || from === -1) ports = ' all ports';
  else if (to === undefined || to === from) ports = ` ${from}`;
  else ports = ` ${from}-${to}`;
  return `${proto}${ports} from ${source}`;
}

/**
 * Ingress rule lines of a security group that open the given ports to the given sources. Only
 * CIDR sources can be open: prefix lists and referenced groups name known parties.
 */
export const ingressOpen = defineMatcher({
  name: 'ingress-open',
  description: 'Ingress rule lines that allow the given ports and protocols from a range containing an open source (default 0.0.0.0/0 and ::/0).',
  resourceTypes: ['aws.ec2.security-group'],
  params,
  reads: ['ingress'],
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  create(p: IngressOpenParams) {
    const wanted = new Set(p.protocols.flatMap(protocolForms));
    const anyProtocol = wanted.has('-1');
    const ranges = p.ports ? parsePorts(p.ports) : undefined;
    const sources = p.sources.map((s) => tryParseCidr(s) as Cidr);
    const sources4 = sources.filter((s) => s.family === 4);
    const sources6 = sources.filter((s) => s.family === 6);
    // A rule can only contain a source if its prefix is no longer than the source's.
    const max4 = Math.max(-1, ...sources4.map((s) => s.prefix));
    const max6 = Math.max(-1, ...sources6.map((s) => s.prefix));

    const protocolMatches = (proto: string): boolean =>
      proto === '-1' || anyProtocol || wanted.has(proto) || wanted.has(proto.toLowerCase());

    const isPorted = (proto: string): boolean =>
      proto === 'tcp' || proto === '6' || proto === 'udp' || proto === '17' || PORTED.has(proto.toLowerCase());

    const authorized = p.authorizedTcpPorts ? mergeRanges(parsePorts(p.authorizedTcpPorts)) : undefined;
    const isTcp = (proto: string): boolean => proto === 'tcp' || proto === '6' || proto.toLowerCase() === 'tcp';

    const portsMatch = (rule: SgRule): boolean => {
      const from = rule.fromPort === undefined || rule.fromPort === -1 ? 0 : rule.fromPort;
      const to = rule.toPort === undefined || rule.toPort === -1 ? 65535 : rule.toPort;
      if (p.allPorts) return rule.protocol === '-1' || (isPorted(rule.protocol) && from === 0 && to === 65535);
      if (authorized) {
        // Only TCP ports can be authorized (FSBP EC2.18's authorizedTcpPorts); any other ported or all-traffic rule opens unauthorized ports.
        if (rule.protocol === '-1') return true;
        if (!isPorted(rule.protocol)) return false;
        return !isTcp(rule.protocol) || !coveredBy(authorized, from, to);
      }
      if (!ranges || rule.protocol === '-1' || !isPorted(rule.protocol)) return true;
      for (let i = 0; i < ranges.length; i++) {
        const r = ranges[i] as [number, number];
        if (from <= r[1] && r[0] <= to) return true;
      }
      return false;
    };

    const isOpen = (range: string | undefined, max: number, wantedSources: Cidr[]): boolean => {
      if (range === undefined || max < 0) return false;
      const len = prefixLengthOf(range);
      if (len < 0 || len > max) return false;
      const parsed = parseRuleCidr(range);
      for (let i = 0; i < wantedSources.length; i++) {
        if (cidrContains(parsed, wantedSources[i] as Cidr)) return true;
      }
      return false;
    };

    return (resource) => {
      const rules = known<SgRule[] | null>(resource, 'ingress');
      if (!rules) return NO_EVIDENCE;
      let out: Evidence[] | undefined;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i] as SgRule;
        // Cheapest and most selective tests first: this loop runs for every rule of every group, per policy.
        if (rule.direction !== 'ingress' || !portsMatch(rule) || !protocolMatches(rule.protocol)) continue;
        if (!isOpen(rule.cidrIpv4, max4, sources4) && !isOpen(rule.cidrIpv6, max6, sources6)) continue;
        (out ??= []).push({
          id: rule.id,
          kind: 'sg-rule',
          summary: describeRule(rule),
          data: rule as unknown as Record<string, unknown>,
        });
      }
      return out ?? NO_EVIDENCE;
    };
  },
});
