import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction } from '../../types.ts';

/** The snapshot's createVolumePermission: account ids, and `all` when public. */
export interface CreateVolumeState {
  createVolumePermission: string[];
}

const params = z.strictObject({});
const sorted = (v: readonly string[]) => [...v].sort();
const accounts = (s: CreateVolumeState) => s.createVolumePermission.filter((v) => v !== 'all');
const keepLines = (s: CreateVolumeState) => (accounts(s).length ? accounts(s).map((a) => `shared with account ${a}`) : ['(not shared with any account)']);

/**
 * ec2-snapshot-remove-public: removes Group=all from an EBS snapshot's createVolumePermission, as the RDS snapshot
 * actions do for `restore`. The accounts it is shared with stay. Reversible: undo adds Group=all back (AWS refuses
 * that while block public access for snapshots is on in the Region, and for encrypted snapshots).
 */
export const ec2SnapshotRemovePublic = defineAction<CreateVolumeState, z.infer<typeof params>>({
  id: 'ec2-snapshot-remove-public',
  title: 'Make an EBS snapshot private',
  description:
    'ec2:ModifySnapshotAttribute with Attribute createVolumePermission and CreateVolumePermission.Remove [{Group: all}]; the account ids it is shared with stay. Undo: ec2:ModifySnapshotAttribute with CreateVolumePermission.Add [{Group: all}].',
  resourceTypes: ['aws.ec2.snapshot'],
  evidenceKinds: ['path'],
  sdk: [sdk(EC2Client, { DescribeSnapshotAttributeCommand, ModifySnapshotAttributeCommand })],
  permissions: ['ec2:DescribeSnapshotAttribute', 'ec2:ModifySnapshotAttribute'],
  params,
  reversible: true,

  // The scan reads public snapshots in bulk and does not know the accounts: the capture reads them.
  fromResource: () => undefined,

  async capture(api, target) {
    let out;
    try {
      out = await api.client(EC2Client).send(new DescribeSnapshotAttributeCommand({ SnapshotId: target.id, Attribute: 'createVolumePermission' }));
    } catch (e) {
      if (classifyAwsError(e).kind === 'not-found') return null;
      throw e;
    }
    const values = (out.CreateVolumePermissions ?? []).map((p) => (p.Group === 'all' ? 'all' : p.UserId)).filter((v): v is string => typeof v === 'string');
    return { createVolumePermission: values };
  },

  drift: (current) => (current.createVolumePermission.includes('all') ? undefined : 'the snapshot is no longer public (createVolumePermission has no Group=all)'),

  plan(current, _evidence, _params, target) {
    if (!current.createVolumePermission.includes('all')) return { calls: [], removes: [], keeps: keepLines(current), notes: ['the snapshot is not public'] };
    return {
      calls: [
        {
          service: 'ec2',
          operation: 'ModifySnapshotAttribute',
          params: { SnapshotId: target.id, Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: [{ Group: 'all' }] } },
          purpose: 'stop letting every AWS account create volumes from the snapshot',
        },
      ],
      removes: ['createVolumePermission Group=all (any AWS account can create a volume from the snapshot)'],
      keeps: keepLines(current),
      notes: [],
    };
  },

  expected: (before) => ({ createVolumePermission: accounts(before) }),

  diff(actual, expected) {
    const a = sorted(actual.createVolumePermission);
    const e = sorted(expected.createVolumePermission);
    return JSON.stringify(a) === JSON.stringify(e) ? [] : [`createVolumePermission is [${a.join(', ')}], expected [${e.join(', ')}]`];
  },

  undo(before, _after, current, target) {
    if (!before.createVolumePermission.includes('all') || current.createVolumePermission.includes('all')) return { calls: [], removes: [], keeps: keepLines(current), notes: ['nothing to put back'] };
    return {
      calls: [
        {
          service: 'ec2',
          operation: 'ModifySnapshotAttribute',
          params: { SnapshotId: target.id, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ Group: 'all' }] } },
          purpose: 'let every AWS account create volumes from the snapshot again',
        },
      ],
      removes: [],
      keeps: keepLines(current),
      notes: ['fails while block public access for snapshots is on in the Region'],
    };
  },

  expectedUndo: (before, _after, current) => (before.createVolumePermission.includes('all') && !current.createVolumePermission.includes('all') ? { createVolumePermission: [...current.createVolumePermission, 'all'] } : current),
});
