import { DescribeKeyCommand, DisableKeyRotationCommand, EnableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import type { KmsKeyConfig } from '../../../resources/aws/kms/key.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/** kms-enable-key-rotation: yearly rotation of an enabled symmetric customer managed key; undo turns it off. */
export const kmsEnableKeyRotation = settingAction({
  id: 'kms-enable-key-rotation',
  title: 'Turn on automatic KMS key rotation',
  description:
    'kms:EnableKeyRotation (every 365 days, the default period) on an enabled symmetric customer managed key without rotation. The key policy, its state and its existing key material stay: old ciphertext remains readable. Undo: kms:DisableKeyRotation.',
  resourceType: 'aws.kms.key',
  sdk: [sdk(KMSClient, { EnableKeyRotationCommand, DisableKeyRotationCommand, DescribeKeyCommand, GetKeyRotationStatusCommand })],
  settings: ['KeyRotationEnabled'],
  async read(api, target) {
    const client = api.client(KMSClient);
    const m = (await client.send(new DescribeKeyCommand({ KeyId: target.id }))).KeyMetadata;
    if (!m) return null;
    const applies = m.KeyManager === 'CUSTOMER' && (m.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && m.KeyState === 'Enabled';
    const rotation = applies ? ((await client.send(new GetKeyRotationStatusCommand({ KeyId: target.id }))).KeyRotationEnabled ?? false) : null;
    return { KeyRotationEnabled: rotation, KeyState: m.KeyState ?? null, KeyManager: m.KeyManager ?? null, KeySpec: m.KeySpec ?? null };
  },
  fromResource(r) {
    const c = r.config as Partial<KmsKeyConfig>;
    return c.rotationEnabled === undefined ? undefined : { KeyRotationEnabled: c.rotationEnabled, KeyState: c.keyState ?? null, KeyManager: c.keyManager ?? null, KeySpec: c.keySpec ?? null };
  },
  violations: (s) => (s['KeyRotationEnabled'] === false ? ['KeyRotationEnabled = false'] : []),
  fix: () => ({ KeyRotationEnabled: true }),
  write: (values, _current, target) =>
    values['KeyRotationEnabled'] === true
      ? { operation: 'EnableKeyRotation', params: { KeyId: target.id }, purpose: 'turn on automatic rotation' }
      : { operation: 'DisableKeyRotation', params: { KeyId: target.id }, purpose: 'turn automatic rotation off again' },
});
