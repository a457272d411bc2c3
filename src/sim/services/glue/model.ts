/**
 * AWS Glue state: jobs per account and region with their command, Glue version and tags, kept under the
 * model's member names so that the handler only pages them.
 */
import { SimError } from '../../types.ts';
import { nextHex, serviceState, type World } from '../../world.ts';

export interface GlueJob {
  Name: string;
  Role: string;
  CreatedOn: Date;
  Command: { Name: 'glueetl' | 'gluestreaming' | 'pythonshell' | 'glueray'; ScriptLocation: string; PythonVersion: string };
  /** Absent: created without one (AWS documents such jobs as Glue 0.9). */
  GlueVersion?: string;
  WorkerType?: string;
  NumberOfWorkers?: number;
  tags: Record<string, string>;
}

export interface GlueMlTransform {
  TransformId: string;
  Name: string;
  Status: 'NOT_READY' | 'READY' | 'DELETING';
  CreatedOn: Date;
  Role: string;
  /** Absent: created without encryption. */
  TransformEncryption?: { MlUserDataEncryption: { MlUserDataEncryptionMode: 'SSE-KMS'; KmsKeyId: string } };
  tags: Record<string, string>;
}

export interface GlueState {
  jobs: GlueJob[];
  mlTransforms: GlueMlTransform[];
}

export function glueState(world: World, account: string, region: string): GlueState {
  return serviceState<GlueState>(world, 'glue', account, region, () => ({ jobs: [], mlTransforms: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekGlueState(world: World, account: string, region: string): GlueState | undefined {
  return world.services['glue']?.[account]?.[region] as GlueState | undefined;
}

export const jobArn = (region: string, account: string, name: string) => `arn:aws:glue:${region}:${account}:job/${name}`;

export interface CreateJobOptions {
  name: string;
  /** Default glueetl (a Spark job). */
  command?: GlueJob['Command']['Name'];
  glueVersion?: string;
  tags?: Record<string, string>;
}

export function createJob(world: World, account: string, region: string, o: CreateJobOptions): GlueJob {
  const state = glueState(world, account, region);
  if (!/^[\w.\- ]{1,255}$/.test(o.name)) throw new SimError('InvalidInputException', `Invalid job name: ${o.name}`, 400);
  if (state.jobs.some((j) => j.Name === o.name)) throw new SimError('IdempotentParameterMismatchException', `Job ${o.name} already exists.`, 400);
  const command = o.command ?? 'glueetl';
  const j: GlueJob = {
    Name: o.name,
    Role: `arn:aws:iam::${account}:role/glue-jobs`,
    CreatedOn: new Date(Date.UTC(2024, 0, 1 + (world.seq % 300))),
    Command: { Name: command, ScriptLocation: `s3://aws-glue-assets-${account}-${region}/scripts/${o.name}.py`, PythonVersion: '3' },
    tags: { ...o.tags },
  };
  if (o.glueVersion) j.GlueVersion = o.glueVersion;
  // Workers exist from Glue 2.0 on; older Spark jobs are sized in DPUs.
  if ((command === 'glueetl' || command === 'gluestreaming') && o.glueVersion && o.glueVersion >= '2.0') {
    j.WorkerType = 'G.1X';
    j.NumberOfWorkers = 2;
  }
  state.jobs.push(j);
  return j;
}

export const mlTransformArn = (region: string, account: string, id: string) => `arn:aws:glue:${region}:${account}:mlTransform/${id}`;

/** A FindMatches transform; its user data unencrypted unless `encrypted` (CreateMLTransform's default). */
export function createMlTransform(world: World, account: string, region: string, o: { name: string; encrypted?: boolean; tags?: Record<string, string> }): GlueMlTransform {
  const state = glueState(world, account, region);
  if (state.mlTransforms.some((t) => t.Name === o.name)) throw new SimError('AlreadyExistsException', `Transform with name ${o.name} already exists.`, 400);
  const t: GlueMlTransform = {
    TransformId: `tfm-${nextHex(world, 40)}`,
    Name: o.name,
    Status: 'NOT_READY',
    CreatedOn: new Date(Date.UTC(2024, 0, 1 + (world.seq % 300))),
    Role: `arn:aws:iam::${account}:role/glue-ml`,
    tags: { ...o.tags },
  };
  if (o.encrypted) t.TransformEncryption = { MlUserDataEncryption: { MlUserDataEncryptionMode: 'SSE-KMS', KmsKeyId: `arn:aws:kms:${region}:${account}:key/4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c` } };
  state.mlTransforms.push(t);
  return t;
}
