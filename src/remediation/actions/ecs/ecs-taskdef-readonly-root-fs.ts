import { DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand, type DescribeTaskDefinitionCommandOutput } from '@aws-sdk/client-ecs';
import { z } from 'zod';
import type { Evidence } from '../../../core/finding.ts';
import { canonical, sameJson } from '../../compare.ts';
import { permissionsOf, sdk } from '../../kit/sdk.ts';
import { defineAction, type AwsApi, type Plan } from '../../types.ts';

/** RegisterTaskDefinition's members, as DescribeTaskDefinition returns them (everything else there is output only). */
const REGISTER_MEMBERS = [
  'family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'containerDefinitions', 'volumes', 'placementConstraints', 'requiresCompatibilities',
  'cpu', 'memory', 'pidMode', 'ipcMode', 'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage', 'runtimePlatform', 'enableFaultInjection',
] as const;

/** One revision: its ARN, number, status and the RegisterTaskDefinition input that gives the same definition (tags included). */
export interface Revision {
  arn: string;
  revision: number;
  status: string;
  definition: Record<string, unknown>;
}

/**
 * The touched state: the flagged revision (immutable, as every revision) and the family's latest ACTIVE revision,
 * which is what the fix adds and what a deployment naming the family gets.
 */
export interface TaskDefinitionState {
  flagged: Revision;
  latest: Revision | null;
}

const params = z.strictObject({});
const ecs = sdk(ECSClient, { RegisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, DeregisterTaskDefinitionCommand });

function revisionOf(out: DescribeTaskDefinitionCommandOutput): Revision | null {
  const td = out.taskDefinition;
  if (!td?.taskDefinitionArn || td.revision === undefined) return null;
  const definition: Record<string, unknown> = {};
  for (const k of REGISTER_MEMBERS) if (td[k] !== undefined) definition[k] = td[k];
  if (out.tags?.length) definition['tags'] = out.tags;
  // Plain JSON, as the journal keeps it: no undefined members.
  return { arn: td.taskDefinitionArn, revision: td.revision, status: td.status ?? 'ACTIVE', definition: JSON.parse(JSON.stringify(definition)) as Record<string, unknown> };
}

/** DescribeTaskDefinition of one ARN or a family; null when there is none (ECS answers ClientException). */
async function describe(api: AwsApi, ref: string): Promise<Revision | null> {
  try {
    return revisionOf(await api.client(ECSClient).send(new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] })));
  } catch (e) {
    const err = e as { name?: string; message?: string };
    if (err.name === 'ClientException' && /Unable to describe task definition|does not exist/i.test(err.message ?? '')) return null;
    throw e;
  }
}

const containersOf = (r: Revision) => (r.definition['containerDefinitions'] as Record<string, unknown>[] | undefined) ?? [];
const writable = (c: Record<string, unknown>) => c['readonlyRootFilesystem'] !== true;
const rootText = (c: Record<string, unknown>) => (c['readonlyRootFilesystem'] === false ? 'false' : 'not set');

/** The container names the evidence flags for a writable root filesystem. */
function flaggedNames(evidence: readonly Evidence[]): string[] {
  return evidence
    .filter((e) => e.kind === 'container-definition' && (!Array.isArray(e.data['checks']) || (e.data['checks'] as unknown[]).includes('writable-root-fs')))
    .map((e) => String(e.data['container'] ?? e.id.replace(/^container:/, '')));
}

/** The flagged revision's definition with readonlyRootFilesystem=true on exactly the named containers. */
function fixedDefinition(flagged: Revision, names: readonly string[]): Record<string, unknown> {
  const def = structuredClone(flagged.definition);
  def['containerDefinitions'] = containersOf(flagged).map((c) => (names.includes(String(c['name'])) && writable(c) ? { ...structuredClone(c), readonlyRootFilesystem: true } : structuredClone(c)));
  return def;
}

const label = (r: Revision) => `${String(r.definition['family'])}:${r.revision}`;
const SERVICES_NOTE = (r: Revision) =>
  `services and tasks that name ${label(r)} keep running it until someone updates them to the new revision (ecs:UpdateService); a deployment that names the family gets the new revision. Check that the containers write only to volumes before updating them.`;

/**
 * ecs-taskdef-readonly-root-fs: registers a new revision of the family, a copy of the flagged revision with
 * readonlyRootFilesystem=true on the flagged containers only (every other member as read, tags included). A
 * revision is immutable, so this is the only way to fix it; nothing running changes until a service is updated.
 * Undo deregisters the revision the fix registered: the family's latest ACTIVE revision is the flagged one again.
 * AWS keeps a deregistered revision as INACTIVE (describable, its number not reused), as it keeps every revision;
 * that is the same state as any deregistered revision, so the undo restores what a deployment or a scan sees.
 */
export const ecsTaskdefReadonlyRootFs = defineAction<TaskDefinitionState, z.infer<typeof params>>({
  id: 'ecs-taskdef-readonly-root-fs',
  title: 'Register a task definition revision with read-only root filesystems',
  description:
    'ecs:RegisterTaskDefinition with a copy of the flagged revision in which only the flagged containers get readonlyRootFilesystem=true; every other member (roles, network mode, volumes, cpu/memory, other containers, tags) is copied as read. Services keep the old revision until someone updates them. Undo: ecs:DeregisterTaskDefinition of the new revision (AWS keeps it INACTIVE).',
  resourceTypes: ['aws.ecs.task-definition'],
  evidenceKinds: ['container-definition'],
  sdk: [ecs],
  // Tags on registration need ecs:TagResource; a revision with a task or execution role needs iam:PassRole on them.
  permissions: [...permissionsOf([ecs]), 'ecs:TagResource', 'iam:PassRole'].sort(),
  params,
  reversible: true,

  fromResource: () => undefined,

  async capture(api, target) {
    const flagged = await describe(api, target.arn);
    if (!flagged) return null;
    return { flagged, latest: await describe(api, String(flagged.definition['family'])) };
  },

  drift(current, evidence) {
    if (current.flagged.status !== 'ACTIVE') return `${label(current.flagged)} is ${current.flagged.status}`;
    if (current.latest && current.latest.arn !== current.flagged.arn) return `${label(current.latest)} is now the family's latest revision`;
    const names = flaggedNames(evidence);
    const byName = new Map(containersOf(current.flagged).map((c) => [String(c['name']), c]));
    const gone = names.filter((n) => !byName.has(n));
    if (gone.length) return `no container ${gone.join(', ')} in ${label(current.flagged)}`;
    return names.some((n) => writable(byName.get(n)!)) ? undefined : `the root filesystems of ${names.join(', ')} are read-only`;
  },

  plan(current, evidence, _p, _target): Plan {
    const names = flaggedNames(evidence);
    const containers = containersOf(current.flagged);
    const fixing = containers.filter((c) => names.includes(String(c['name'])) && writable(c));
    const others = containers.filter((c) => !fixing.includes(c));
    const keeps = [
      ...others.map((c) => `container ${String(c['name'])} as it is (readonlyRootFilesystem ${c['readonlyRootFilesystem'] === true ? 'true' : rootText(c)})`),
      `every other member of ${label(current.flagged)} copied as read: ${Object.keys(current.flagged.definition).filter((k) => k !== 'containerDefinitions').sort().join(', ')}`,
      `${label(current.flagged)} stays registered and ACTIVE`,
    ];
    if (!fixing.length) return { calls: [], removes: [], keeps, notes: ['nothing violates'] };
    return {
      calls: [{ service: ecs.service, operation: 'RegisterTaskDefinition', params: fixedDefinition(current.flagged, names), purpose: `register a new revision of ${String(current.flagged.definition['family'])} with read-only root filesystems for ${fixing.map((c) => String(c['name'])).join(', ')}` }],
      removes: fixing.map((c) => `container ${String(c['name'])}: readonlyRootFilesystem ${rootText(c)} (true in the new revision)`),
      keeps,
      notes: [SERVICES_NOTE(current.flagged)],
    };
  },

  expected(before, evidence) {
    // The new revision's number and ARN are AWS's to give; `diff` asks only that it is newer than the flagged one.
    return { flagged: before.flagged, latest: { arn: '', revision: before.flagged.revision + 1, status: 'ACTIVE', definition: fixedDefinition(before.flagged, flaggedNames(evidence)) } };
  },

  diff(actual, expected) {
    const out: string[] = [];
    if (actual.flagged.arn !== expected.flagged.arn || actual.flagged.status !== expected.flagged.status || !sameJson(actual.flagged.definition, expected.flagged.definition)) {
      out.push(`${label(actual.flagged)} is ${actual.flagged.status}${sameJson(actual.flagged.definition, expected.flagged.definition) ? '' : ' with a different definition'}, expected ${expected.flagged.status}`);
    }
    const a = actual.latest;
    const e = expected.latest;
    if (!a || !e) {
      if (a !== e) out.push(`the family's latest revision is ${a ? label(a) : 'none'}, expected ${e ? label(e) : 'none'}`);
      return out;
    }
    // A known ARN (a state read from AWS) is compared exactly; an expected new revision only by being newer.
    const sameRevision = e.arn ? a.arn === e.arn : a.revision > actual.flagged.revision;
    if (!sameRevision) out.push(`the family's latest revision is ${label(a)}, expected ${e.arn ? label(e) : `a revision newer than ${label(actual.flagged)}`}`);
    if (a.status !== e.status) out.push(`${label(a)} is ${a.status}, expected ${e.status}`);
    if (!sameJson(a.definition, e.definition)) out.push(`${label(a)} has a different definition than expected: ${canonical(a.definition).slice(0, 200)}`);
    return out;
  },

  undo(before, after, current): Plan {
    const added = after.latest;
    const keeps = [`${label(current.flagged)} (the revision the fix copied) becomes the family's latest ACTIVE revision again`];
    if (!added || added.arn === before.latest?.arn) return { calls: [], removes: [], keeps, notes: ['the fix registered no revision'] };
    if (current.latest?.arn !== added.arn) return { calls: [], removes: [], keeps, notes: [`${label(added)} is not the family's latest ACTIVE revision any more`] };
    return {
      calls: [{ service: ecs.service, operation: 'DeregisterTaskDefinition', params: { taskDefinition: added.arn }, purpose: `deregister ${label(added)}, the revision the fix registered` }],
      removes: [`${label(added)} (the copy with read-only root filesystems)`],
      keeps,
      notes: [`AWS keeps ${label(added)} as INACTIVE (its number is not reused); services already running it keep it until they are updated.`],
    };
  },

  expectedUndo(before, _after, current) {
    return { flagged: current.flagged, latest: before.latest };
  },

  resultOf(call, output) {
    const td = (output['taskDefinition'] ?? {}) as { taskDefinitionArn?: string; revision?: number };
    return call.operation === 'RegisterTaskDefinition' && td.taskDefinitionArn ? { taskDefinitionArn: td.taskDefinitionArn, revision: td.revision } : undefined;
  },
});
