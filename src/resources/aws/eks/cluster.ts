import { z } from 'zod';
import { defineResource } from '../../define.ts';

/**
 * The end of standard support of each EKS Kubernetes minor version, from AWS's release calendar
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar):
 * 14 months after the version's release on EKS, then 12 months of paid extended support. Update this table
 * when AWS publishes a new version; a version newer than the newest listed is taken as newly released
 * (in standard support), one older than the oldest listed as long out of it.
 */
export const EKS_STANDARD_SUPPORT_END: Readonly<Record<string, string>> = {
  '1.23': '2023-10-11',
  '1.24': '2024-01-31',
  '1.25': '2024-05-01',
  '1.26': '2024-06-11',
  '1.27': '2024-07-24',
  '1.28': '2024-11-26',
  '1.29': '2025-03-23',
  '1.30': '2025-07-23',
  '1.31': '2025-11-26',
  '1.32': '2026-03-23',
  '1.33': '2026-07-29',
  '1.34': '2026-12-02',
  '1.35': '2027-03-27',
};

function minor(version: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Whether a Kubernetes version is in EKS standard support on `now`, with the date it ends (`null` when the
 * table does not list the version); `undefined` for a version that is not `major.minor`.
 */
export function eksStandardSupport(version: string, now: Date): { inStandardSupport: boolean; standardSupportEnd: string | null } | undefined {
  const v = minor(version);
  if (!v) return undefined;
  const end = EKS_STANDARD_SUPPORT_END[version];
  if (end) return { inStandardSupport: now.toISOString().slice(0, 10) < end, standardSupportEnd: end };
  const listed = Object.keys(EKS_STANDARD_SUPPORT_END).map((k) => minor(k)!);
  const newest = listed.reduce((a, b) => (a[0] * 1000 + a[1] >= b[0] * 1000 + b[1] ? a : b));
  return { inStandardSupport: v[0] * 1000 + v[1] > newest[0] * 1000 + newest[1], standardSupportEnd: null };
}

export const clusterConfig = z.object({
  name: z.string(),
  version: z.string().optional().describe('Kubernetes minor version (`1.33`).'),
  platformVersion: z.string().optional(),
  status: z.string().optional(),
  inStandardSupport: z.boolean().optional().describe('The version is in EKS standard support on the day of the scan (release calendar in the descriptor).'),
  standardSupportEnd: z.string().nullable().optional().describe('The day standard support of the version ends (`null`: not in the calendar).'),
  endpointPublicAccess: z.boolean().optional().describe('`resourcesVpcConfig.endpointPublicAccess`.'),
  endpointPrivateAccess: z.boolean().optional().describe('`resourcesVpcConfig.endpointPrivateAccess`.'),
  publicAccessCidrs: z.array(z.string()).optional().describe('`resourcesVpcConfig.publicAccessCidrs` (empty when the public endpoint is off).'),
  vpcId: z.string().optional(),
  securityGroupIds: z.array(z.string()).optional(),
  enabledLogTypes: z.array(z.string()).optional().describe('Control plane log types enabled (`api`, `audit`, `authenticator`, `controllerManager`, `scheduler`).'),
});
export type ClusterConfig = z.infer<typeof clusterConfig>;

export const cluster = defineResource({
  type: 'aws.eks.cluster',
  description: 'EKS clusters: Kubernetes version and its support, API endpoint access, control plane logging.',
  config: clusterConfig,
  scope: 'regional',
  calls: ['eks:ListClusters', 'eks:DescribeCluster'],
  permissions: ['eks:ListClusters', 'eks:DescribeCluster'],
  asff: 'AwsEksCluster',
  changes: [
    { event: 'eks.amazonaws.com:CreateCluster', id: 'requestParameters.name' },
    { event: 'eks.amazonaws.com:UpdateClusterConfig', id: 'requestParameters.name' },
    { event: 'eks.amazonaws.com:UpdateClusterVersion', id: 'requestParameters.name' },
    // Removing a tag can end an exclusion that matched it.
    { event: 'eks.amazonaws.com:UntagResource', id: 'requestParameters.resourceArn', idKind: 'arn' },
  ],
  sections: (c) => [
    {
      title: 'Cluster',
      lines: [
        { text: `Kubernetes ${c.version ?? '?'}${c.standardSupportEnd ? ` — standard support until ${c.standardSupportEnd}` : ''}`, evidenceId: 'path:config.inStandardSupport' },
        { text: `status ${c.status ?? '?'}` },
      ],
    },
    {
      title: 'API endpoint',
      lines: [
        { text: `public ${c.endpointPublicAccess === undefined ? 'unknown' : c.endpointPublicAccess ? `on from ${(c.publicAccessCidrs ?? []).join(', ') || '?'}` : 'off'}`, evidenceId: 'path:config.publicAccessCidrs' },
        { text: `private ${c.endpointPrivateAccess === undefined ? 'unknown' : c.endpointPrivateAccess ? 'on' : 'off'}` },
      ],
    },
    { title: 'Control plane logging', lines: [{ text: c.enabledLogTypes === undefined ? 'unknown' : c.enabledLogTypes.length ? c.enabledLogTypes.join(', ') : 'none', evidenceId: 'path:config.enabledLogTypes' }] },
  ],
});
