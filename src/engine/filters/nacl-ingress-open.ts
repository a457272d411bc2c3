import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import type { NaclEntry } from '../../resources/aws/ec2/network-acl.ts';
import { naclEntryText } from '../../resources/aws/ec2/network-acl.ts';
import { tryParseCidr } from '../../core/cidr.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const params = strictObject('matcher nacl-ingress-open', {
  matcher: z.literal('nacl-ingress-open'),
  ports: z.array(z.number().int().min(0).max(65535)).min(1).default([22, 3389]),
  protocols: z.array(z.enum(['tcp', 'udp'])).min(1).default(['tcp']),
});

export type NaclIngressOpenParams = z.output<typeof params>;

const NUMBER: Record<string, string> = { tcp: '6', udp: '17' };

/** Whether the entry's address range is the whole IPv4 or IPv6 internet (however it is spelled). */
function fromAnywhere(e: NaclEntry, family: 4 | 6): boolean {
  const cidr = family === 4 ? e.cidrBlock : e.ipv6CidrBlock;
  if (!cidr) return false;
  return tryParseCidr(cidr)?.prefix === 0;
}

function covers(e: NaclEntry, protocol: string, port: number): boolean {
  if (e.protocol === '-1') return true;
  if (e.protocol !== protocol && e.protocol !== NUMBER[protocol]) return false;
  return !e.portRange || (e.portRange.from <= port && port <= e.portRange.to);
}

/**
 * Inbound network ACL entries that let the given ports in from anywhere (0.0.0.0/0 or ::/0). Entries
 * are evaluated as AWS does, in ascending rule number, the first match deciding: an allow is evidence
 * only when no lower-numbered deny from anywhere covers the same port and protocol.
 */
export const naclIngressOpen = defineMatcher({
  name: 'nacl-ingress-open',
  description: 'Inbound network ACL allow entries that are the first from-anywhere match, by rule number, for any of the given ports.',
  resourceTypes: ['aws.ec2.network-acl'],
  params,
  reads: ['entries'],
  permissions: ['ec2:DescribeNetworkAcls'],
  create(p) {
    return (resource) => {
      const entries = known<NaclEntry[]>(resource, 'entries');
      const inbound = entries.filter((e) => !e.egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
      const hits = new Map<string, { entry: NaclEntry; ports: Set<string> }>();
      for (const family of [4, 6] as const) {
        for (const protocol of p.protocols) {
          for (const port of p.ports) {
            const first = inbound.find((e) => fromAnywhere(e, family) && covers(e, protocol, port));
            if (!first || first.ruleAction !== 'allow') continue;
            const hit = hits.get(first.id) ?? { entry: first, ports: new Set<string>() };
            hit.ports.add(`${protocol} ${port}`);
            hits.set(first.id, hit);
          }
        }
      }
      if (hits.size === 0) return NO_EVIDENCE;
      const out: Evidence[] = [];
      for (const e of inbound) {
        const hit = hits.get(e.id);
        if (!hit) continue;
        out.push({ id: `entry:${e.id}`, kind: 'nacl-entry', summary: `${naclEntryText(e)} (opens ${[...hit.ports].join(', ')})`, data: { ...e, opens: [...hit.ports] } });
      }
      return out;
    };
  },
});
