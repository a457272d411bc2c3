/**
 * Athena state: workgroups per account and region with their configuration and tags, kept under the
 * model's member names so that the handler only selects and pages them.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

export interface Workgroup {
  Name: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  CreationTime: Date;
  Configuration: {
    ResultConfiguration?: { OutputLocation?: string; EncryptionConfiguration?: { EncryptionOption: 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS'; KmsKey?: string } };
    EnforceWorkGroupConfiguration: boolean;
    PublishCloudWatchMetricsEnabled: boolean;
    RequesterPaysEnabled: boolean;
    EngineVersion: { SelectedEngineVersion: string; EffectiveEngineVersion: string };
  };
  tags: Record<string, string>;
}

export interface AthenaState {
  workgroups: Workgroup[];
}

export function athenaState(world: World, account: string, region: string): AthenaState {
  return serviceState<AthenaState>(world, 'athena', account, region, () => ({ workgroups: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekAthenaState(world: World, account: string, region: string): AthenaState | undefined {
  return world.services['athena']?.[account]?.[region] as AthenaState | undefined;
}

export const workgroupArn = (region: string, account: string, name: string) => `arn:aws:athena:${region}:${account}:workgroup/${name}`;

export interface CreateWorkgroupOptions {
  name: string;
  /** Where query results go (default none: clients must name one). */
  outputLocation?: string;
  /** Query result encryption; absent: none, CreateWorkGroup's default. */
  encryption?: 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS';
  /** Default true, as the console creates a workgroup. */
  publishMetrics?: boolean;
  /** Default true, as the console creates a workgroup. */
  enforceConfiguration?: boolean;
  tags?: Record<string, string>;
}

export function createWorkgroup(world: World, account: string, region: string, o: CreateWorkgroupOptions): Workgroup {
  const state = athenaState(world, account, region);
  if (!/^[a-zA-Z0-9._-]{1,128}$/.test(o.name)) throw new SimError('InvalidRequestException', `Invalid workgroup name: ${o.name}`, 400);
  if (state.workgroups.some((w) => w.Name === o.name)) throw new SimError('InvalidRequestException', `WorkGroup is already created`, 400);
  const result = o.outputLocation || o.encryption ? { ...(o.outputLocation ? { OutputLocation: o.outputLocation } : {}), ...(o.encryption ? { EncryptionConfiguration: { EncryptionOption: o.encryption, ...(o.encryption !== 'SSE_S3' ? { KmsKey: `arn:aws:kms:${region}:${account}:key/3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b` } : {}) } } : {}) } : undefined;
  const w: Workgroup = {
    Name: o.name,
    State: 'ENABLED',
    CreationTime: new Date(Date.UTC(2025, 0, 1 + (world.seq % 300))),
    Configuration: {
      ...(result ? { ResultConfiguration: result } : {}),
      EnforceWorkGroupConfiguration: o.enforceConfiguration ?? true,
      PublishCloudWatchMetricsEnabled: o.publishMetrics ?? true,
      RequesterPaysEnabled: false,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    },
    tags: { ...o.tags },
  };
  state.workgroups.push(w);
  return w;
}
