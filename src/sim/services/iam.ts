/**
 * AWS IAM (global, awsQuery), served from the committed model: ListAccountAliases and
 * GetAccountAuthorizationDetails — users, groups and roles with their inline policies, and the account's
 * customer managed policies with their versions, in one listing (MaxItems 1–1000, default 100, `Marker`,
 * `IsTruncated`; `Filter` picks the entity kinds). Policy documents travel URL-encoded, as IAM sends them.
 * State per account (IAM is global: one state, whatever region a request signs for).
 */
import { modelService } from '../models/handler.ts';
import { paginate } from '../protocols/paging.ts';
import { SimError } from '../types.ts';
import { nextHex, serviceState, type World } from '../world.ts';

interface InlinePolicy {
  PolicyName: string;
  /** JSON text (encoded on the wire). */
  PolicyDocument: string;
}

export interface IamPrincipal {
  kind: 'user' | 'group' | 'role';
  name: string;
  id: string;
  policies: InlinePolicy[];
}

export interface IamManagedPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  /** Versions, the default one named by `DefaultVersionId`. */
  versions: { VersionId: string; Document: string }[];
  DefaultVersionId: string;
  AttachmentCount: number;
}

export interface IamState {
  principals: IamPrincipal[];
  policies: IamManagedPolicy[];
}

export function iamState(world: World, account: string): IamState {
  return serviceState<IamState>(world, 'iam', account, 'global', () => ({ principals: [], policies: [] }));
}

/** The state if it exists, without creating it (reads do not grow the world). */
export function peekIamState(world: World, account: string): IamState | undefined {
  return world.services['iam']?.[account]?.['global'] as IamState | undefined;
}

const NAME = /^[\w+=,.@-]{1,128}$/;
const ID_PREFIX = { user: 'AIDA', group: 'AGPA', role: 'AROA' } as const;

/** An inline policy of a user, group or role (the principal is created on first use), as Put{User,Group,Role}Policy leaves it. */
export function putInlinePolicy(world: World, account: string, o: { kind: 'user' | 'group' | 'role'; owner: string; name: string; document: Record<string, unknown> }): void {
  if (!NAME.test(o.owner) || !NAME.test(o.name)) throw new SimError('ValidationError', `The specified value for ${NAME.test(o.owner) ? 'policyName' : `${o.kind}Name`} is invalid.`, 400);
  const state = iamState(world, account);
  let p = state.principals.find((x) => x.kind === o.kind && x.name === o.owner);
  if (!p) state.principals.push((p = { kind: o.kind, name: o.owner, id: `${ID_PREFIX[o.kind]}${nextHex(world, 17).toUpperCase()}`, policies: [] }));
  p.policies = [...p.policies.filter((x) => x.PolicyName !== o.name), { PolicyName: o.name, PolicyDocument: JSON.stringify(o.document) }];
}

/** A customer managed policy, as CreatePolicy leaves it (one version, v1, the default). */
export function createManagedPolicy(world: World, account: string, o: { name: string; document: Record<string, unknown>; attachments?: number }): IamManagedPolicy {
  if (!NAME.test(o.name)) throw new SimError('ValidationError', 'The specified value for policyName is invalid.', 400);
  const state = iamState(world, account);
  if (state.policies.some((p) => p.PolicyName === o.name)) throw new SimError('EntityAlreadyExists', `A policy called ${o.name} already exists. Duplicate names are not allowed.`, 409);
  const p: IamManagedPolicy = { PolicyName: o.name, PolicyId: `ANPA${nextHex(world, 17).toUpperCase()}`, Arn: `arn:aws:iam::${account}:policy/${o.name}`, versions: [{ VersionId: 'v1', Document: JSON.stringify(o.document) }], DefaultVersionId: 'v1', AttachmentCount: o.attachments ?? 0 };
  state.policies.push(p);
  return p;
}

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
const CREATED = '2025-01-15T10:00:00Z';
const encode = (doc: string) => encodeURIComponent(doc);

type Item = { list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'; value: Record<string, unknown> };

function items(state: IamState, account: string, filter: readonly string[]): Item[] {
  const want = (f: string) => filter.length === 0 || filter.includes(f);
  const out: Item[] = [];
  const entity = (p: IamPrincipal) => ({ Path: '/', Arn: `arn:aws:iam::${account}:${p.kind}/${p.name}`, CreateDate: CREATED, AttachedManagedPolicies: [] });
  const inline = (p: IamPrincipal) => p.policies.map((x) => ({ PolicyName: x.PolicyName, PolicyDocument: encode(x.PolicyDocument) }));
  for (const p of state.principals) {
    if (p.kind === 'user' && want('User')) out.push({ list: 'UserDetailList', value: { ...entity(p), UserName: p.name, UserId: p.id, UserPolicyList: inline(p), GroupList: [], Tags: [] } });
    if (p.kind === 'group' && want('Group')) out.push({ list: 'GroupDetailList', value: { ...entity(p), GroupName: p.name, GroupId: p.id, GroupPolicyList: inline(p) } });
    if (p.kind === 'role' && want('Role')) {
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      out.push({ list: 'RoleDetailList', value: { ...entity(p), RoleName: p.name, RoleId: p.id, AssumeRolePolicyDocument: encode(trust), InstanceProfileList: [], RolePolicyList: inline(p), Tags: [], RoleLastUsed: {} } });
    }
  }
  if (want('LocalManagedPolicy')) {
    for (const p of state.policies) {
      out.push({
        list: 'Policies',
        value: {
          PolicyName: p.PolicyName,
          PolicyId: p.PolicyId,
          Arn: p.Arn,
          Path: '/',
          DefaultVersionId: p.DefaultVersionId,
          AttachmentCount: p.AttachmentCount,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: CREATED,
          UpdateDate: CREATED,
          PolicyVersionList: p.versions.map((v) => ({ Document: encode(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: CREATED })),
        },
      });
    }
  }
  return out;
}

export const iam = modelService({
  model: 'iam',
  operations: {
    ListAccountAliases(_input, req, ctx) {
      const alias = ctx.world.accounts[req.accountId]?.alias;
      return { AccountAliases: alias ? [alias] : [], IsTruncated: false };
    },
    GetAccountAuthorizationDetails(input, req, ctx) {
      const filter = (input['Filter'] as string[] | undefined) ?? [];
      for (const f of filter) if (!FILTERS.includes(f)) throw new SimError('ValidationError', `1 validation error detected: Value '[${f}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${FILTERS.join(', ')}]]`, 400);
      const state = peekIamState(ctx.world, req.accountId) ?? { principals: [], policies: [] };
      const all = items(state, req.accountId, filter);
      const { page, nextToken } = paginate(all, input['MaxItems'] as number | undefined, input['Marker'] as string | undefined, { min: 1, max: 1000, default: 100, invalidCode: 'ValidationError', tokenCode: 'ValidationError' });
      const out: Record<string, unknown> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      for (const i of page) (out[i.list] as unknown[]).push(i.value);
      return { ...out, IsTruncated: nextToken !== undefined, ...(nextToken ? { Marker: nextToken } : {}) };
    },
  },
  throttlingError: () => new SimError('Throttling', 'Rate exceeded', 400),
  accessDeniedError: (op, req) => new SimError('AccessDenied', `User: ${req.principalArn} is not authorized to perform: iam:${op} on resource: *`, 403),
});
