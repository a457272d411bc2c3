/** What the Athena actions share: the re-read of a workgroup's configuration (GetWorkGroup, as the collector reads it). */
import { AthenaClient, GetWorkGroupCommand } from '@aws-sdk/client-athena';
import type { Settings } from '../../kit/setting.ts';
import type { AwsApi } from '../../types.ts';

export async function readWorkgroup(api: AwsApi, name: string): Promise<Settings | null> {
  const w = (await api.client(AthenaClient).send(new GetWorkGroupCommand({ WorkGroup: name }))).WorkGroup;
  if (!w) return null;
  const c = w.Configuration;
  const enc = c?.ResultConfiguration?.EncryptionConfiguration;
  // The API omits false flags and unset configuration: absent is off / none.
  return {
    PublishCloudWatchMetricsEnabled: c?.PublishCloudWatchMetricsEnabled ?? false,
    EncryptionOption: enc?.EncryptionOption ?? null,
    KmsKey: enc?.KmsKey ?? null,
    EnforceWorkGroupConfiguration: c?.EnforceWorkGroupConfiguration ?? false,
    OutputLocation: c?.ResultConfiguration?.OutputLocation ?? null,
    State: w.State ?? null,
  };
}
