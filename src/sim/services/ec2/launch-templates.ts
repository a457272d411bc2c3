/**
 * Launch templates and Spot Fleet requests on the EC2 endpoint, served from the committed ec2 model (the
 * hand-written EC2 handler delegates these operations here). Records are kept in the model's member
 * names, so the reads only select and page:
 *
 * - DescribeLaunchTemplates: ids or names (unknown ones are errors, as AWS answers), MaxResults 1–200.
 * - DescribeLaunchTemplateVersions: one template's versions (by id or name; numbers, `$Latest`,
 *   `$Default`, all when none) or, with neither, the `$Latest` and/or `$Default` versions of every
 *   template in the account — the bulk form the collector uses. MaxResults 1–200.
 * - DescribeSpotFleetRequests: ids, MaxResults 1–1000.
 *
 * `Filters` are not served: a request carrying them is refused rather than answered unfiltered.
 * Reference: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
 */
import { loadModel } from '../../models/index.ts';
import { modelPage, modelService } from '../../models/handler.ts';
import { SimError } from '../../types.ts';
import { nextHex, nextId, serviceState, type World } from '../../world.ts';

type Wire = Record<string, unknown>;
type TagList = { Key: string; Value: string }[];

/** A launch template version as DescribeLaunchTemplateVersions returns it (without the template's id and name). */
export interface LaunchTemplateVersion {
  VersionNumber: number;
  VersionDescription?: string;
  CreateTime: string;
  CreatedBy: string;
  /** `LaunchTemplateData` in the model's member names (MetadataOptions, BlockDeviceMappings, NetworkInterfaces, ...). */
  LaunchTemplateData: Wire;
}

export interface LaunchTemplate {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  CreateTime: string;
  CreatedBy: string;
  DefaultVersionNumber: number;
  Tags: TagList;
  versions: LaunchTemplateVersion[];
}

/** The highest existing version number: versions may have gaps once some are deleted. */
export function latestVersionNumber(t: LaunchTemplate): number {
  return t.versions.reduce((m, v) => Math.max(m, v.VersionNumber), 0);
}

/** A Spot Fleet request in the model's member names (`SpotFleetRequestConfig` holds the launch specifications). */
export interface SpotFleetRequest {
  SpotFleetRequestId: string;
  SpotFleetRequestState: string;
  ActivityStatus?: string;
  CreateTime: string;
  SpotFleetRequestConfig: Wire;
  Tags: TagList;
}

export interface LaunchTemplateState {
  launchTemplates: LaunchTemplate[];
  spotFleetRequests: SpotFleetRequest[];
}

export function launchTemplateState(world: World, accountId: string, region: string): LaunchTemplateState {
  return serviceState<LaunchTemplateState>(world, 'ec2-launch-templates', accountId, region, () => ({ launchTemplates: [], spotFleetRequests: [] }));
}

const uuid = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
const tagList = (t: Record<string, string> | undefined): TagList => Object.entries(t ?? {}).map(([Key, Value]) => ({ Key, Value }));

export interface CreateLaunchTemplateOptions {
  name: string;
  /** Each version's `LaunchTemplateData`, oldest first (version 1, 2, ...). */
  versions: Wire[];
  /** Default: 1, as CreateLaunchTemplate leaves it. */
  defaultVersion?: number;
  tags?: Record<string, string>;
}

export function createLaunchTemplate(world: World, accountId: string, region: string, o: CreateLaunchTemplateOptions): LaunchTemplate {
  const state = launchTemplateState(world, accountId, region);
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(o.name)) throw new SimError('InvalidLaunchTemplateName.MalformedException', `The launch template name '${o.name}' is not valid.`, 400);
  if (state.launchTemplates.some((t) => t.LaunchTemplateName === o.name)) throw new SimError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`, 400);
  if (o.versions.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter launchTemplateData', 400);
  const def = o.defaultVersion ?? 1;
  if (!Number.isInteger(def) || def < 1 || def > o.versions.length) throw new SimError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${def}.`, 400);
  const createdBy = `arn:aws:iam::${accountId}:role/platform`;
  const t: LaunchTemplate = {
    LaunchTemplateId: nextId(world, 'lt'),
    LaunchTemplateName: o.name,
    CreateTime: '2026-03-02T10:00:00.000Z',
    CreatedBy: createdBy,
    DefaultVersionNumber: def,
    Tags: tagList(o.tags),
    versions: o.versions.map((data, i) => ({ VersionNumber: i + 1, CreateTime: `2026-03-${String(2 + i).padStart(2, '0')}T10:00:00.000Z`, CreatedBy: createdBy, LaunchTemplateData: structuredClone(data) })),
  };
  state.launchTemplates.push(t);
  return t;
}

export interface CreateSpotFleetOptions {
  /** `LaunchSpecifications` in the model's member names; absent when the fleet uses launch templates. */
  launchSpecifications?: Wire[];
  /** `LaunchTemplateConfigs` in the model's member names. */
  launchTemplateConfigs?: Wire[];
  state?: string;
  targetCapacity?: number;
  tags?: Record<string, string>;
}

export function createSpotFleetRequest(world: World, accountId: string, region: string, o: CreateSpotFleetOptions): SpotFleetRequest {
  const state = launchTemplateState(world, accountId, region);
  // RequestSpotFleet needs exactly one of the two ways to describe the instances.
  if (!o.launchSpecifications === !o.launchTemplateConfigs) throw new SimError('InvalidSpotFleetRequestConfig', 'Must specify either LaunchSpecifications or LaunchTemplateConfigs', 400);
  const r: SpotFleetRequest = {
    SpotFleetRequestId: `sfr-${uuid(nextHex(world, 32))}`,
    SpotFleetRequestState: o.state ?? 'active',
    ActivityStatus: 'fulfilled',
    CreateTime: '2026-04-01T12:00:00.000Z',
    SpotFleetRequestConfig: {
      IamFleetRole: `arn:aws:iam::${accountId}:role/aws-ec2-spot-fleet-tagging-role`,
      TargetCapacity: o.targetCapacity ?? 2,
      AllocationStrategy: 'priceCapacityOptimized',
      Type: 'maintain',
      ...(o.launchSpecifications ? { LaunchSpecifications: structuredClone(o.launchSpecifications) } : {}),
      ...(o.launchTemplateConfigs ? { LaunchTemplateConfigs: structuredClone(o.launchTemplateConfigs) } : {}),
    },
    Tags: tagList(o.tags),
  };
  state.spotFleetRequests.push(r);
  return r;
}

const model = loadModel('ec2');
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

function noFilters(input: Wire, operation: string): void {
  if (Array.isArray(input['Filters']) && input['Filters'].length) throw new SimError('InvalidParameterValue', `The local endpoint does not serve Filters on ${operation}`, 400);
}

export function templateWire(t: LaunchTemplate): Wire {
  return {
    LaunchTemplateId: t.LaunchTemplateId,
    LaunchTemplateName: t.LaunchTemplateName,
    CreateTime: new Date(t.CreateTime),
    CreatedBy: t.CreatedBy,
    DefaultVersionNumber: t.DefaultVersionNumber,
    LatestVersionNumber: latestVersionNumber(t),
    ...(t.Tags.length ? { Tags: t.Tags } : {}),
  };
}

export function versionWire(t: LaunchTemplate, v: LaunchTemplateVersion): Wire {
  return {
    LaunchTemplateId: t.LaunchTemplateId,
    LaunchTemplateName: t.LaunchTemplateName,
    VersionNumber: v.VersionNumber,
    ...(v.VersionDescription ? { VersionDescription: v.VersionDescription } : {}),
    CreateTime: new Date(v.CreateTime),
    CreatedBy: v.CreatedBy,
    DefaultVersion: v.VersionNumber === t.DefaultVersionNumber,
    LaunchTemplateData: v.LaunchTemplateData,
  };
}

export function oneTemplate(state: LaunchTemplateState, id: string | undefined, name: string | undefined): LaunchTemplate {
  if (id && name) throw new SimError('InvalidParameterCombination', 'Specify either a launch template ID or a launch template name, not both.', 400);
  const t = id ? state.launchTemplates.find((x) => x.LaunchTemplateId === id) : state.launchTemplates.find((x) => x.LaunchTemplateName === name);
  if (t) return t;
  if (id) throw new SimError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`, 400);
  throw new SimError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`, 400);
}

export const LAUNCH_TEMPLATE_OPERATIONS = new Set(['DescribeLaunchTemplates', 'DescribeLaunchTemplateVersions', 'DescribeSpotFleetRequests']);

export const launchTemplates = modelService({
  model: 'ec2',
  name: 'ec2',
  operations: {
    DescribeLaunchTemplates(input, req, ctx) {
      noFilters(input, 'DescribeLaunchTemplates');
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const ids = strings(input['LaunchTemplateIds']);
      const names = strings(input['LaunchTemplateNames']);
      let items = state.launchTemplates;
      if (ids?.length) {
        const missing = ids.find((id) => !state.launchTemplates.some((t) => t.LaunchTemplateId === id));
        if (missing) throw new SimError('InvalidLaunchTemplateId.NotFound', `At least one of the launch templates specified in the request does not exist.`, 400);
        items = items.filter((t) => ids.includes(t.LaunchTemplateId));
      }
      if (names?.length) {
        const missing = names.find((n) => !state.launchTemplates.some((t) => t.LaunchTemplateName === n));
        if (missing) throw new SimError('InvalidLaunchTemplateName.NotFoundException', `At least one of the launch templates specified in the request does not exist.`, 400);
        items = items.filter((t) => names.includes(t.LaunchTemplateName));
      }
      return modelPage(model, 'DescribeLaunchTemplates', input, items.map(templateWire), { min: 1, max: 200, default: 200 });
    },
    DescribeLaunchTemplateVersions(input, req, ctx) {
      noFilters(input, 'DescribeLaunchTemplateVersions');
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const id = typeof input['LaunchTemplateId'] === 'string' ? input['LaunchTemplateId'] : undefined;
      const name = typeof input['LaunchTemplateName'] === 'string' ? input['LaunchTemplateName'] : undefined;
      const versions = strings(input['Versions']) ?? [];
      const items: Wire[] = [];
      if (!id && !name) {
        // Account-wide: only the aliases are valid ("You cannot specify numbers").
        const bad = versions.find((v) => v !== '$Latest' && v !== '$Default');
        if (versions.length === 0 || bad !== undefined) {
          throw new SimError('MissingParameter', 'The request must contain the parameter launchTemplateName or launchTemplateId, or only the versions $Latest and $Default', 400);
        }
        for (const t of state.launchTemplates) {
          for (const v of t.versions) {
            const latest = v.VersionNumber === latestVersionNumber(t);
            const isDefault = v.VersionNumber === t.DefaultVersionNumber;
            if ((latest && versions.includes('$Latest')) || (isDefault && versions.includes('$Default'))) items.push(versionWire(t, v));
          }
        }
      } else {
        const t = oneTemplate(state, id, name);
        const wanted = new Set<number>();
        for (const v of versions) {
          if (v === '$Latest') wanted.add(latestVersionNumber(t));
          else if (v === '$Default') wanted.add(t.DefaultVersionNumber);
          else if (/^\d+$/.test(v) && t.versions.some((x) => x.VersionNumber === Number(v))) wanted.add(Number(v));
          else throw new SimError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${v}.`, 400);
        }
        for (const v of t.versions) if (wanted.size === 0 || wanted.has(v.VersionNumber)) items.push(versionWire(t, v));
      }
      return modelPage(model, 'DescribeLaunchTemplateVersions', input, items, { min: 1, max: 200, default: 200 });
    },
    DescribeSpotFleetRequests(input, req, ctx) {
      const state = launchTemplateState(ctx.world, req.accountId, req.region);
      const ids = strings(input['SpotFleetRequestIds']);
      let items = state.spotFleetRequests;
      if (ids?.length) {
        const missing = ids.find((id) => !items.some((r) => r.SpotFleetRequestId === id));
        if (missing) throw new SimError('InvalidSpotFleetRequestId.NotFound', `The spot fleet request ID '${missing}' does not exist`, 400);
        items = items.filter((r) => ids.includes(r.SpotFleetRequestId));
      }
      const wire = items.map((r) => ({
        SpotFleetRequestId: r.SpotFleetRequestId,
        SpotFleetRequestState: r.SpotFleetRequestState,
        ...(r.ActivityStatus ? { ActivityStatus: r.ActivityStatus } : {}),
        CreateTime: new Date(r.CreateTime),
        SpotFleetRequestConfig: r.SpotFleetRequestConfig,
        ...(r.Tags.length ? { Tags: r.Tags } : {}),
      }));
      return modelPage(model, 'DescribeSpotFleetRequests', input, wire, { min: 1, max: 1000, default: 1000 });
    },
  },
});
