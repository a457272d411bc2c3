import type { EstateOpenSearchDomain } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const TLS12 = ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10', 'Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08'] as const;

/**
 * OpenSearch: per place and index a domain, each setting the domain policies read right or wrong — a VPC or a
 * public endpoint, encryption at rest and between nodes, HTTPS with a TLS 1.2 or 1.0 policy, fine-grained access
 * control (only where AWS allows it: both encryptions and HTTPS on) with audit logs (only with fine-grained access
 * control), error logs, data nodes and zone awareness (even counts across two zones), dedicated masters and a
 * pending service software update.
 */
export const opensearch: GeneratorPiece = {
  name: 'opensearch',
  resourceTypes: ['aws.opensearch.domain'],
  policies: [
    'aws-opensearch-audit-logs-off',
    'aws-opensearch-error-logs-off',
    'aws-opensearch-fine-grained-access-off',
    'aws-opensearch-node-to-node-unencrypted',
    'aws-opensearch-not-in-vpc',
    'aws-opensearch-software-outdated',
    'aws-opensearch-tls-policy-old',
    'aws-opensearch-too-few-data-nodes',
    'aws-opensearch-too-few-masters',
    'aws-opensearch-unencrypted-at-rest',
  ],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: EstateOpenSearchDomain[] = [];
    for (const { account, region, index } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const encryptionAtRest = !bad();
        const nodeToNode = !bad();
        const enforceHttps = !bad();
        const fineGrained = encryptionAtRest && nodeToNode && enforceHttps && !bad();
        const zoneAwareness = !bad();
        const instanceCount = zoneAwareness ? (bad() ? 2 : pick([4, 6])) : bad() ? pick([1, 2]) : pick([3, 5]);
        const d: EstateOpenSearchDomain = {
          account,
          region,
          name: `gen-search-${i}`,
          instanceCount,
          zoneAwareness,
          dedicatedMasters: bad() ? pick([0, 2] as const) : pick([3, 5] as const),
          encryptionAtRest,
          nodeToNode,
          enforceHttps,
          tlsPolicy: bad() ? 'Policy-Min-TLS-1-0-2019-07' : pick(TLS12),
          fineGrained,
          auditLogs: fineGrained && !bad(),
          errorLogs: !bad(),
          softwareUpdateAvailable: bad(),
        };
        if (!bad()) d.vpcId = `vpc-0${(index * 97 + i).toString(16).padStart(7, '0')}0b5ea2c`;
        planned.push(d);
      }
    }
    (ctx.doc.opensearchDomains ??= []).push(...planned);
    return {
      truth() {
        const truth = new Truth();
        for (const d of planned) {
          const add = (policy: string, ...fields: string[]) => truth.add(policy, `arn:aws:es:${d.region}:${d.account}:domain/${d.name}`, d.account, d.region, paths(...fields));
          if (!d.auditLogs) add('aws-opensearch-audit-logs-off', 'auditLogsEnabled');
          if (!d.errorLogs) add('aws-opensearch-error-logs-off', 'errorLogsEnabled');
          if (!d.fineGrained) add('aws-opensearch-fine-grained-access-off', 'fineGrainedAccessControl');
          if (!d.nodeToNode) add('aws-opensearch-node-to-node-unencrypted', 'nodeToNodeEncryption');
          if (!d.vpcId) add('aws-opensearch-not-in-vpc', 'vpcId');
          if (d.softwareUpdateAvailable) add('aws-opensearch-software-outdated', 'softwareUpdateAvailable');
          if (d.tlsPolicy === 'Policy-Min-TLS-1-0-2019-07') add('aws-opensearch-tls-policy-old', 'tlsSecurityPolicy');
          add('aws-opensearch-too-few-data-nodes', ...(d.instanceCount! < 3 ? ['instanceCount'] : []), ...(d.zoneAwareness ? [] : ['zoneAwarenessEnabled']));
          if (d.dedicatedMasters! < 3) add('aws-opensearch-too-few-masters', 'dedicatedMasterCount');
          if (!d.encryptionAtRest) add('aws-opensearch-unencrypted-at-rest', 'encryptionAtRest');
        }
        return truth.entries;
      },
    };
  },
};
