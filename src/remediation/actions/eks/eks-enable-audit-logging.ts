import { DescribeClusterCommand, EKSClient, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import { MamoriError } from '../../../core/errors.ts';
import type { ClusterConfig } from '../../../resources/aws/eks/cluster.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

/** The control plane log types DescribeCluster reports. */
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/**
 * How long a read waits for an update in progress: a logging update is asynchronous (UpdateClusterConfig answers with
 * an update InProgress and the cluster is UPDATING until it is done, usually a few minutes). Polls start quick and
 * back off; past the bound the read fails, naming the cluster, rather than report a half-finished state.
 */
export const EKS_UPDATE_WAIT = { firstMs: 50, maxIntervalMs: 15_000, boundMs: 15 * 60_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function settingsOf(enabled: readonly string[]): Settings {
  return Object.fromEntries(LOG_TYPES.map((t) => [t, enabled.includes(t)]));
}

/**
 * eks-enable-audit-logging: turns on the control plane's audit log. The call names only `audit`, so the other log
 * types stay as they are. Verification waits (bounded) for the asynchronous update to show in DescribeCluster.
 */
export const eksEnableAuditLogging = settingAction({
  id: 'eks-enable-audit-logging',
  title: 'Turn on EKS control plane audit logging',
  description:
    'eks:UpdateClusterConfig with logging.clusterLogging [{types: [audit], enabled: true}] only; the other log types (api, authenticator, controllerManager, scheduler) and the endpoint settings stay. The update is asynchronous: the re-read waits while the cluster is UPDATING (up to 15 minutes). Undo: [{types: [audit], enabled: false}].',
  resourceType: 'aws.eks.cluster',
  sdk: [sdk(EKSClient, { UpdateClusterConfigCommand, DescribeClusterCommand })],
  settings: ['audit'],
  async read(api, target) {
    const client = api.client(EKSClient);
    const started = Date.now();
    for (let wait = EKS_UPDATE_WAIT.firstMs; ; wait = Math.min(wait * 2, EKS_UPDATE_WAIT.maxIntervalMs)) {
      const c = (await client.send(new DescribeClusterCommand({ name: target.id }))).cluster;
      if (!c) return null;
      if (c.status !== 'UPDATING') {
        if (!c.logging?.clusterLogging) throw new MamoriError('AWS_ERROR', `DescribeCluster ${target.id} returned no logging configuration`);
        return settingsOf(c.logging.clusterLogging.filter((l) => l.enabled).flatMap((l) => l.types ?? []));
      }
      if (Date.now() - started + wait > EKS_UPDATE_WAIT.boundMs) {
        throw new MamoriError('AWS_ERROR', `EKS cluster ${target.id} is still UPDATING after ${Math.round((Date.now() - started) / 1000)} s: an update is in progress; run again when it has finished`);
      }
      await sleep(wait);
    }
  },
  fromResource(r) {
    const c = r.config as Partial<ClusterConfig>;
    return c.enabledLogTypes ? settingsOf(c.enabledLogTypes) : undefined;
  },
  violations: (s) => (s['audit'] === true ? [] : ['audit log off']),
  fix: () => ({ audit: true }),
  write: (values, _current, target) => ({
    operation: 'UpdateClusterConfig',
    params: { name: target.id, logging: { clusterLogging: Object.entries(values).map(([t, on]) => ({ types: [t], enabled: on === true })) } },
    purpose: Object.entries(values).map(([t, on]) => `${on === true ? 'enable' : 'disable'} the ${t} log`).join(', '),
  }),
  describe: (k, v) => `${k} log ${v === true ? 'on' : 'off'}`,
});
