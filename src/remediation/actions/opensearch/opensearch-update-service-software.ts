import { DescribeDomainCommand, OpenSearchClient, StartServiceSoftwareUpdateCommand } from '@aws-sdk/client-opensearch';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { IAM, readDomain } from './common.ts';

/**
 * opensearch-update-service-software: starts the pending service software update of an OpenSearch domain, now.
 * A domain cannot go back to an earlier service software release, so the action is irreversible.
 */
export const opensearchUpdateServiceSoftware = settingAction({
  id: 'opensearch-update-service-software',
  title: 'Start the pending OpenSearch service software update',
  description:
    'es:StartServiceSoftwareUpdate (ScheduleAt=NOW) on a domain with an update available that was not started. The engine version and every setting stay. Verified when the update is started or done (UpdateStatus PENDING_UPDATE, IN_PROGRESS or no update left). Not reversible: a domain cannot return to an earlier service software release.',
  resourceType: 'aws.opensearch.domain',
  sdk: [sdk(OpenSearchClient, { StartServiceSoftwareUpdateCommand, DescribeDomainCommand }, IAM)],
  irreversibleBecause: 'a domain cannot return to an earlier service software release',
  settings: ['ServiceSoftwareUpdatePending'],
  read: readDomain,
  violations: (s) => (s['ServiceSoftwareUpdatePending'] === true ? ['a service software update is available and not started'] : []),
  fix: () => ({ ServiceSoftwareUpdatePending: false }),
  write: (_values, _current, target) => ({
    operation: 'StartServiceSoftwareUpdate',
    params: { DomainName: target.id, ScheduleAt: 'NOW' },
    purpose: 'start the service software update (a blue/green deployment)',
  }),
});
