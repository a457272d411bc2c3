import { GetPolicyCommand, LambdaClient, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { mapLimit } from '../../aws/limiter.ts';
import type { ReadErrors } from '../../core/resource.ts';
import { lambdaFunction, runtimeDeprecation, type FunctionConfig } from '../../resources/aws/lambda/function.ts';
import { readDetail } from '../read.ts';
import { subnetZones, zonesOf, type SubnetZones } from './subnets.ts';
import { tagsInBulk } from '../tagging.ts';
import { defineCollector, envelope } from '../types.ts';

/** Condition keys that tie a statement to known callers (compared case-insensitively, as IAM does). */
const RESTRICTING_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:principalorgid', 'aws:sourceowner', 'aws:principalaccount', 'aws:sourceorgid', 'aws:principalarn'];

type Statement = { Sid?: unknown; Effect?: unknown; Principal?: unknown; Action?: unknown; Condition?: unknown };

function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    const aws = (principal as Record<string, unknown>)['AWS'];
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function restricted(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.values(condition as Record<string, unknown>).some((byKey) => byKey && typeof byKey === 'object' && Object.keys(byKey).some((k) => RESTRICTING_KEYS.includes(k.toLowerCase())));
}

/** The statements that let anyone invoke or manage the function: Allow, Principal `*`, no restricting condition. */
export function publicStatements(policy: Record<string, unknown>): FunctionConfig['publicStatements'] {
  const raw = policy['Statement'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Statement[];
  return list
    .filter((s) => s.Effect === 'Allow' && everyone(s.Principal) && !restricted(s.Condition))
    .map((s) => ({ sid: typeof s.Sid === 'string' ? s.Sid : null, principal: s.Principal, action: s.Action }));
}

/** `aws.lambda.function`: ListFunctions (50 per page, the API's maximum), GetPolicy per function, tags in bulk, the Region's subnets when a function is in a VPC. */
export const functionCollector = defineCollector(lambdaFunction, async (ctx) => {
  const client = ctx.client(LambdaClient);
  const fns: FunctionConfiguration[] = [];
  for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) fns.push(...(page.Functions ?? []));
  const listed = fns.filter((f) => f.FunctionName && f.FunctionArn);
  if (listed.length === 0) return [];
  const tagged = await tagsInBulk(ctx, ctx.region, 'lambda:function');
  // Subnets are read only where a function is attached to a VPC.
  const subnets: SubnetZones | undefined = listed.some((f) => f.VpcConfig?.SubnetIds?.length) ? await subnetZones(ctx) : undefined;
  const now = new Date();
  return mapLimit(listed, 16, async (f) => {
    const errors: ReadErrors = {};
    const config: FunctionConfig = { functionName: f.FunctionName! };
    if (f.PackageType) config.packageType = f.PackageType;
    if (f.Runtime) Object.assign(config, { runtime: f.Runtime }, runtimeDeprecation(f.Runtime, now));
    else if (f.PackageType === 'Image') Object.assign(config, { runtime: null, runtimeDeprecated: null, runtimeDeprecationDate: null });
    else errors['runtimeDeprecated'] = 'ListFunctions returned no Runtime for a .zip function';
    if (f.Role) config.role = f.Role;
    config.vpcId = f.VpcConfig?.VpcId || null;
    config.subnetIds = [...(f.VpcConfig?.SubnetIds ?? [])];
    config.securityGroupIds = [...(f.VpcConfig?.SecurityGroupIds ?? [])];
    if (!config.vpcId) {
      config.availabilityZones = null;
      config.availabilityZoneCount = null;
    } else {
      const z = subnets ? zonesOf(config.subnetIds, subnets) : { zones: [] };
      if ('error' in z) errors['availabilityZones'] = errors['availabilityZoneCount'] = z.error;
      else Object.assign(config, { availabilityZones: z.zones, availabilityZoneCount: z.zones.length });
    }
    // ResourceNotFoundException on GetPolicy means the function has no resource-based policy.
    const read = await readDetail(errors, 'policy', () => client.send(new GetPolicyCommand({ FunctionName: f.FunctionName! })), ['ResourceNotFoundException']);
    if (read === null) {
      config.policy = null;
      config.publicStatements = [];
    } else if (read !== undefined) {
      try {
        const doc = JSON.parse(read.Policy ?? '') as Record<string, unknown>;
        config.policy = doc;
        config.publicStatements = publicStatements(doc);
      } catch {
        errors['policy'] = 'GetPolicy returned a policy that is not JSON';
      }
    }
    if (errors['policy']) errors['publicStatements'] = errors['policy'];
    if (!tagged.ok) errors['tags'] = tagged.error;
    return envelope(ctx, lambdaFunction, {
      id: f.FunctionName!,
      arn: f.FunctionArn!,
      name: f.FunctionName!,
      tags: (tagged.ok && tagged.tags.get(f.FunctionArn!)) || {},
      config,
      related: config.securityGroupIds.map((g) => ({ type: 'aws.ec2.security-group', id: g, relation: 'uses' })),
      readErrors: errors,
    });
  });
});
