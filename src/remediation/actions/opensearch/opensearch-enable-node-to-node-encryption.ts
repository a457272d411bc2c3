import { DescribeDomainCommand, OpenSearchClient, UpdateDomainConfigCommand } from '@aws-sdk/client-opensearch';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';
import { IAM, readDomain } from './common.ts';

/**
 * opensearch-enable-node-to-node-encryption: turns on TLS between the nodes of an OpenSearch domain. AWS cannot turn
 * it off again, so the action is irreversible and its policy approves each change.
 */
export const opensearchEnableNodeToNodeEncryption = settingAction({
  id: 'opensearch-enable-node-to-node-encryption',
  title: 'Turn on OpenSearch node-to-node encryption',
  description:
    'es:UpdateDomainConfig with NodeToNodeEncryptionOptions only (Enabled=true), on a domain with it off (OpenSearch or Elasticsearch 6.0 and later). Every other domain setting stays. Not reversible: AWS cannot turn node-to-node encryption off; the change runs as a blue/green deployment.',
  resourceType: 'aws.opensearch.domain',
  sdk: [sdk(OpenSearchClient, { UpdateDomainConfigCommand, DescribeDomainCommand }, IAM)],
  irreversibleBecause: 'OpenSearch cannot turn node-to-node encryption off once it is on (UpdateDomainConfig refuses Enabled=false)',
  settings: ['NodeToNodeEncryption'],
  read: readDomain,
  violations: (s) => (s['NodeToNodeEncryption'] === false ? ['NodeToNodeEncryption = false'] : []),
  fix: () => ({ NodeToNodeEncryption: true }),
  write: (values, _current, target) => ({
    operation: 'UpdateDomainConfig',
    params: { DomainName: target.id, NodeToNodeEncryptionOptions: { Enabled: values['NodeToNodeEncryption'] } },
    purpose: 'turn on node-to-node encryption',
  }),
});
