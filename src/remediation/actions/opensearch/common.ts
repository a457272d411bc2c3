/** What the OpenSearch actions share: the SDK declaration, the re-read of a domain, the settings as they name them. */
import { DescribeDomainCommand, OpenSearchClient, type DomainStatus } from '@aws-sdk/client-opensearch';
import type { ResourceRef } from '../../../core/resource.ts';
import type { Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

export const IAM = { iam: 'es' };

/** UpdateStatus values of a service software update that was started and has not finished. */
const STARTED = new Set(['PENDING_UPDATE', 'IN_PROGRESS']);

/**
 * The settings the OpenSearch actions change or keep, from one DescribeDomain:
 * - `EncryptionAtRest`, `KmsKeyId`: EncryptionAtRestOptions;
 * - `NodeToNodeEncryption`: NodeToNodeEncryptionOptions.Enabled;
 * - `TLSSecurityPolicy`, `EnforceHTTPS`: DomainEndpointOptions;
 * - `ES_APPLICATION_LOGS`: the log group error logs are published to, `null` when they are not published (an entry
 *   with Enabled false is not publishing);
 * - `ServiceSoftwareUpdatePending`: an update is available and not started (UpdateStatus PENDING_UPDATE or
 *   IN_PROGRESS count as started: AWS keeps UpdateAvailable true until the deployment ends).
 */
export function domainActionSettings(d: DomainStatus): Settings {
  const logs = d.LogPublishingOptions?.['ES_APPLICATION_LOGS'];
  const sw = d.ServiceSoftwareOptions;
  return JSON.parse(
    JSON.stringify({
      EncryptionAtRest: d.EncryptionAtRestOptions?.Enabled ?? null,
      KmsKeyId: d.EncryptionAtRestOptions?.KmsKeyId ?? null,
      NodeToNodeEncryption: d.NodeToNodeEncryptionOptions?.Enabled ?? null,
      TLSSecurityPolicy: d.DomainEndpointOptions?.TLSSecurityPolicy ?? null,
      EnforceHTTPS: d.DomainEndpointOptions?.EnforceHTTPS ?? null,
      ES_APPLICATION_LOGS: logs?.Enabled === true ? (logs.CloudWatchLogsLogGroupArn ?? null) : null,
      ServiceSoftwareUpdatePending: sw?.UpdateAvailable === undefined ? null : sw.UpdateAvailable && !STARTED.has(sw.UpdateStatus ?? ''),
    }),
  ) as Settings;
}

/** The domain's settings now (DescribeDomain by its name, the resource id); `null` once it is gone or being deleted. */
export async function readDomain(api: AwsApi, target: ResourceRef): Promise<Settings | null> {
  const r = await api.client(OpenSearchClient).send(new DescribeDomainCommand({ DomainName: target.id }));
  if (!r.DomainStatus || r.DomainStatus.Deleted) return null;
  return domainActionSettings(r.DomainStatus);
}
