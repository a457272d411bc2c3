import { clusterSettingAction } from './common.ts';

/** redshift-set-snapshot-retention: AutomatedSnapshotRetentionPeriod=7 where it is shorter; undo sets the previous period back. */
export const redshiftSetSnapshotRetention = clusterSettingAction({
  id: 'redshift-set-snapshot-retention',
  title: 'Keep Redshift automated snapshots 7 days',
  description:
    'redshift:ModifyCluster with AutomatedSnapshotRetentionPeriod=7 only, where it is shorter (0 turns automated snapshots off). Other settings are not sent. Undo: the previous period (AWS then deletes automated snapshots older than it).',
  setting: 'AutomatedSnapshotRetentionPeriod',
  violates: (v) => typeof v === 'number' && v < 7,
  safe: 7,
});
