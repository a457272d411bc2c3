import { CancelKeyDeletionCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { KmsKeyConfig } from '../../../resources/aws/kms/key.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction } from '../../kit/setting.ts';

/**
 * kms-cancel-key-deletion: CancelKeyDeletion leaves the key Disabled (the API reference). kms:EnableKey is left to the
 * key's owner: whoever scheduled the deletion may have disabled the key on purpose first, and enabling it lets every
 * principal its policy names use it again at once.
 * Not reversible: putting the deletion back means ScheduleKeyDeletion, a new waiting period of at least 7 days
 * ending on a new date — the old schedule cannot be restored — and mamori never schedules a key's destruction.
 */
export const kmsCancelKeyDeletion = settingAction({
  id: 'kms-cancel-key-deletion',
  title: 'Cancel the scheduled deletion of a KMS key',
  description:
    'kms:CancelKeyDeletion on a key pending deletion: the key becomes Disabled, its policy, rotation and tags stay. The key is not enabled (kms:EnableKey once its owner confirms it is still needed: it may have been disabled on purpose). Not undone: scheduling the deletion again would set a new date and destroy key material, which mamori never does.',
  resourceType: 'aws.kms.key',
  sdk: [sdk(KMSClient, { CancelKeyDeletionCommand, DescribeKeyCommand })],
  irreversibleBecause: 'the original deletion schedule cannot be restored (ScheduleKeyDeletion sets a new date at least 7 days away), and mamori never schedules the destruction of key material',
  settings: ['KeyState'],
  async read(api, target) {
    const m = (await api.client(KMSClient).send(new DescribeKeyCommand({ KeyId: target.id }))).KeyMetadata;
    if (!m) return null;
    return { KeyState: m.KeyState ?? null, DeletionDate: m.DeletionDate ? m.DeletionDate.toISOString() : null };
  },
  fromResource(r) {
    const c = r.config as Partial<KmsKeyConfig>;
    return c.keyState === undefined ? undefined : { KeyState: c.keyState, DeletionDate: c.deletionDate ?? null };
  },
  violations: (s) => (s['KeyState'] === 'PendingDeletion' ? [`KeyState = PendingDeletion${s['DeletionDate'] ? ` (deleted on ${String(s['DeletionDate'])})` : ''}`] : []),
  fix: () => ({ KeyState: 'Disabled' }),
  write: (_values, _current, target) => ({ operation: 'CancelKeyDeletion', params: { KeyId: target.id }, purpose: 'cancel the deletion (the key becomes Disabled)' }),
});
