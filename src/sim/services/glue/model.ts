/**
 * AWS Glue state: jobs per account and region with their command, Glue version and tags, kept under the
 * model's member names so that the handler only pages them.
 */
import { SimError } from '../../types.ts';
import { serviceState, type World } from '../../world.ts';

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

export interface GlueState {
  jobs: GlueJob[];
}

export function glueState(world: World, account: string, region: string): GlueState {
  return serviceState<GlueState>(world, 'glue', account, region, () => ({ jobs: [] }));
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
