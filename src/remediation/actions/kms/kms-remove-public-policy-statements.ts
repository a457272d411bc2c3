import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { sdk } from '../../kit/sdk.ts';
import { noEmptyPolicy, policyStatementsAction } from '../sqs/common.ts';

/** kms-remove-public-policy-statements: the key policy without its public statements. */
export const kmsRemovePublicPolicyStatements = policyStatementsAction({
  id: 'kms-remove-public-policy-statements',
  title: 'Remove the public KMS key policy statements',
  description:
    'kms:PutKeyPolicy (PolicyName default) with the key policy rewritten without the public statements named by the evidence (or without only their "*" principal when they name other principals too); every other statement stays, the account\'s own administration statement among them. A key cannot be left without a policy: when no statement would remain, the plan is refused. Undo: kms:PutKeyPolicy with the original document.',
  resourceType: 'aws.kms.key',
  sdk: [sdk(KMSClient, { PutKeyPolicyCommand, GetKeyPolicyCommand })],
  async read(api, target) {
    const p = await api.client(KMSClient).send(new GetKeyPolicyCommand({ KeyId: target.id, PolicyName: 'default' }));
    return { policy: p.Policy ?? null };
  },
  fromResource: (c) => (c['policy'] === undefined ? undefined : { policy: (c['policy'] as string | null) ?? null }),
  write: (policy, target, purpose) => (policy === null ? noEmptyPolicy(`key ${target.id}`) : { service: 'kms', operation: 'PutKeyPolicy', params: { KeyId: target.id, PolicyName: 'default', Policy: policy }, purpose }),
});
