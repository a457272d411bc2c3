/** The two RDS snapshot actions differ only in names: one definition, two ids. */
import { DescribeDBClusterSnapshotAttributesCommand, DescribeDBSnapshotAttributesCommand, ModifyDBClusterSnapshotAttributeCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { z } from 'zod';
import { classifyAwsError } from '../../../aws/errors.ts';
import { restoreValues } from '../../../collectors/rds/snapshot.ts';
import type { RdsSnapshotConfig } from '../../../resources/configs.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type AnyAction } from '../../types.ts';

/** The values of the snapshot's `restore` attribute: account ids, and `all` when public. */
export interface RestoreState {
  restore: string[];
}

const params = z.strictObject({});

interface Names {
  id: string;
  resourceType: string;
  noun: string;
  idParam: 'DBSnapshotIdentifier' | 'DBClusterSnapshotIdentifier';
  describe: 'DescribeDBSnapshotAttributes' | 'DescribeDBClusterSnapshotAttributes';
  modify: 'ModifyDBSnapshotAttribute' | 'ModifyDBClusterSnapshotAttribute';
  resultKey: 'DBSnapshotAttributesResult' | 'DBClusterSnapshotAttributesResult';
  listKey: 'DBSnapshotAttributes' | 'DBClusterSnapshotAttributes';
}

const sorted = (v: readonly string[]) => [...v].sort();
const shared = (s: RestoreState) => s.restore.filter((v) => v !== 'all');

export function snapshotAction(n: Names): AnyAction {
  return defineAction<RestoreState, z.infer<typeof params>>({
    id: n.id,
    title: `Make the ${n.noun} private`,
    description: `rds:${n.modify} with AttributeName restore and ValuesToRemove ["all"]; the account ids it is shared with stay. Undo: rds:${n.modify} with ValuesToAdd ["all"].`,
    resourceTypes: [n.resourceType],
    evidenceKinds: ['attribute-value'],
    sdk: [
      n.idParam === 'DBSnapshotIdentifier'
        ? sdk(RDSClient, { DescribeDBSnapshotAttributesCommand, ModifyDBSnapshotAttributeCommand })
        : sdk(RDSClient, { DescribeDBClusterSnapshotAttributesCommand, ModifyDBClusterSnapshotAttributeCommand }),
    ],
    permissions: [`rds:${n.describe}`, `rds:${n.modify}`],
    params,
    reversible: true,

    fromResource(resource) {
      const c = resource.config as Partial<RdsSnapshotConfig>;
      return c.restore ? { restore: c.restore } : undefined;
    },

    async capture(api, target) {
      let out: Record<string, unknown>;
      try {
        out = await api.call('rds', n.describe, { [n.idParam]: target.id });
      } catch (e) {
        if (classifyAwsError(e).kind === 'not-found') return null;
        throw e;
      }
      const result = out[n.resultKey] as Record<string, unknown> | undefined;
      const restore = restoreValues(result?.[n.listKey] as { AttributeName?: string; AttributeValues?: string[] }[] | undefined);
      return { restore: restore ?? [] };
    },

    drift(current, evidence) {
      if (evidence.some((e) => e.id === 'restore:all') && !current.restore.includes('all')) return 'the snapshot is no longer public (restore does not include "all")';
      return undefined;
    },

    plan(current, _evidence, _params, target) {
      const ids = shared(current);
      if (!current.restore.includes('all')) return { calls: [], removes: [], keeps: ids, notes: ['the snapshot is not public'] };
      return {
        calls: [{ service: 'rds', operation: n.modify, params: { [n.idParam]: target.id, AttributeName: 'restore', ValuesToRemove: ['all'] }, purpose: 'stop sharing the snapshot with every AWS account' }],
        removes: ['restore value "all" (any AWS account can copy or restore the snapshot)'],
        keeps: ids.length ? ids.map((a) => `shared with account ${a}`) : ['(not shared with any account)'],
        notes: [],
      };
    },

    expected: (before) => ({ restore: before.restore.filter((v) => v !== 'all') }),

    diff(actual, expected) {
      return JSON.stringify(sorted(actual.restore)) === JSON.stringify(sorted(expected.restore)) ? [] : [`restore is [${sorted(actual.restore).join(', ')}], expected [${sorted(expected.restore).join(', ')}]`];
    },

    undo(before, _after, current, target) {
      if (!before.restore.includes('all') || current.restore.includes('all')) return { calls: [], removes: [], keeps: shared(current), notes: [] };
      return {
        calls: [{ service: 'rds', operation: n.modify, params: { [n.idParam]: target.id, AttributeName: 'restore', ValuesToAdd: ['all'] }, purpose: 'share the snapshot with every AWS account again' }],
        removes: [],
        keeps: shared(current).map((a) => `shared with account ${a}`),
        notes: [],
      };
    },

    expectedUndo(before, _after, current) {
      return before.restore.includes('all') && !current.restore.includes('all') ? { restore: [...current.restore, 'all'] } : current;
    },
  });
}
