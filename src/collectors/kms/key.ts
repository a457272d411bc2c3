import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, paginateListKeys } from '@aws-sdk/client-kms';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { kmsKey, type KmsKeyConfig } from '../../resources/aws/kms/key.ts';
import { readDetail } from '../read.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

const METADATA_FIELDS = ['description', 'keyManager', 'keySpec', 'keyUsage', 'keyState', 'deletionDate', 'multiRegion', 'rotationEnabled'] as const;

/**
 * `aws.kms.key`: ListKeys (1,000 per page: the API's maximum), DescribeKey and GetKeyPolicy per key (no listing has
 * either), GetKeyRotationStatus only for enabled symmetric customer managed keys (the only ones whose rotation
 * is the account's choice), tags in bulk.
 */
export const kmsKeyCollector = defineCollector(kmsKey, async (ctx) => {
  const client = ctx.client(KMSClient);
  const listed: { id: string; arn: string }[] = [];
  for await (const page of paginateListKeys({ client, pageSize: 1000 }, {})) for (const k of page.Keys ?? []) if (k.KeyId && k.KeyArn) listed.push({ id: k.KeyId, arn: k.KeyArn });
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'kms:key');
  const out = await mapLimit(listed, 16, async ({ id, arn }) => {
    const readErrors: ReadErrors = {};
    const config: KmsKeyConfig = { keyId: id };
    const described = await readDetail(readErrors, 'metadata', () => client.send(new DescribeKeyCommand({ KeyId: id })));
    if (described === null) return undefined; // deleted since the listing
    const m = described?.KeyMetadata;
    if (!m) {
      for (const k of METADATA_FIELDS) readErrors[k] = readErrors['metadata'] ?? 'DescribeKey returned no KeyMetadata';
    } else {
      config.description = m.Description ?? '';
      if (m.KeyManager) config.keyManager = m.KeyManager;
      else readErrors['keyManager'] = 'DescribeKey returned no KeyManager';
      config.keySpec = m.KeySpec ?? m.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      if (m.KeyUsage) config.keyUsage = m.KeyUsage;
      if (m.KeyState) config.keyState = m.KeyState;
      else readErrors['keyState'] = 'DescribeKey returned no KeyState';
      config.deletionDate = m.DeletionDate ? m.DeletionDate.toISOString() : null;
      config.multiRegion = m.MultiRegion ?? false;
      if (m.KeyManager === 'CUSTOMER' && config.keySpec === 'SYMMETRIC_DEFAULT' && m.KeyState === 'Enabled') {
        const rotation = await readDetail(readErrors, 'rotationEnabled', () => client.send(new GetKeyRotationStatusCommand({ KeyId: id })));
        if (rotation) {
          if (rotation.KeyRotationEnabled === undefined) readErrors['rotationEnabled'] = 'GetKeyRotationStatus returned no KeyRotationEnabled';
          else config.rotationEnabled = rotation.KeyRotationEnabled;
        } else if (rotation === null) readErrors['rotationEnabled'] = 'GetKeyRotationStatus: the key was not found';
      } else if (m.KeyManager) config.rotationEnabled = null;
    }
    delete readErrors['metadata'];
    const policy = await readDetail(readErrors, 'policy', () => client.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' })));
    if (policy?.Policy) config.policy = policy.Policy;
    else if (policy !== undefined) readErrors['policy'] = 'GetKeyPolicy returned no policy';
    if (!tagged.ok) readErrors['tags'] = tagged.error;
    return envelope(ctx, kmsKey, { id, arn, tags: (tagged.ok && tagged.tags.get(arn)) || {}, config, readErrors });
  });
  return out.filter((r) => r !== undefined);
});
