import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { canonical, clone } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type AwsApi, type Plan } from '../../types.ts';

const ID = 'wafv2-enable-rule-metrics';
const USE = sdk(WAFV2Client, { UpdateWebACLCommand, GetWebACLCommand });

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Visibility = { SampledRequestsEnabled?: boolean; CloudWatchMetricsEnabled?: boolean; MetricName?: string };
type Rule = { Name: string; VisibilityConfig?: Visibility } & Record<string, Json | undefined>;

/**
 * The members UpdateWebACL replaces: it takes the definition as a whole, so everything GetWebACL returned of these is
 * sent back as read (an omitted CustomResponseBodies or TokenDomains would be deleted).
 */
const UPDATABLE = ['DefaultAction', 'Description', 'Rules', 'VisibilityConfig', 'DataProtectionConfig', 'CustomResponseBodies', 'CaptchaConfig', 'ChallengeConfig', 'TokenDomains', 'AssociationConfig', 'OnSourceDDoSProtectionConfig'] as const;

/** The touched state: the web ACL's definition as read, and the lock token that goes with it. */
export interface WebAclState {
  lockToken: string;
  acl: { Rules: Rule[]; VisibilityConfig: Visibility } & Record<string, Json | undefined>;
}

/** Name, scope and id from the ARN (`…:regional/webacl/<name>/<id>`, `global/` for CloudFront). */
export function webAclKey(target: ResourceRef): { Name: string; Scope: 'REGIONAL' | 'CLOUDFRONT'; Id: string } {
  const m = /:(regional|global)\/webacl\/([^/]+)\/([^/]+)$/.exec(target.arn);
  if (!m) throw new MamoriError('INTERNAL', `${ID}: not a WAF v2 web ACL ARN: ${target.arn}`);
  return { Scope: m[1] === 'global' ? 'CLOUDFRONT' : 'REGIONAL', Name: m[2]!, Id: m[3]! };
}

/** Plain JSON of an SDK answer: blobs (a byte match's SearchString) as the text they carry, which the SDK encodes again. */
function plain(v: unknown): Json | undefined {
  if (v === undefined) return undefined;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return v.map((x) => plain(x) ?? null);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = plain(x);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return v as Json;
}

async function read(api: AwsApi, target: ResourceRef): Promise<WebAclState | null> {
  const key = webAclKey(target);
  const r = await api.client(WAFV2Client).send(new GetWebACLCommand(key));
  if (!r.WebACL || !r.LockToken) return null;
  const acl: Record<string, Json | undefined> = {};
  for (const k of UPDATABLE) {
    const v = plain((r.WebACL as unknown as Record<string, unknown>)[k]);
    if (v !== undefined) acl[k] = v;
  }
  acl['Rules'] ??= [];
  return { lockToken: r.LockToken, acl: acl as WebAclState['acl'] };
}

/** What has metrics off: `web ACL` for the ACL's own VisibilityConfig, else the rule's name. */
function metricsOff(s: WebAclState): string[] {
  return [...(s.acl.VisibilityConfig.CloudWatchMetricsEnabled === false ? ['web ACL'] : []), ...s.acl.Rules.filter((r) => r.VisibilityConfig?.CloudWatchMetricsEnabled === false).map((r) => `rule ${r.Name}`)];
}

/** The definition with CloudWatch metrics set to `on` for the named parts only. */
function withMetrics(acl: WebAclState['acl'], parts: readonly string[], on: boolean): WebAclState['acl'] {
  const next = clone(acl);
  if (parts.includes('web ACL')) next.VisibilityConfig = { ...next.VisibilityConfig, CloudWatchMetricsEnabled: on };
  next.Rules = next.Rules.map((r) => (parts.includes(`rule ${r.Name}`) ? { ...r, VisibilityConfig: { ...r.VisibilityConfig, CloudWatchMetricsEnabled: on } } : r));
  return next;
}

/** Every part's metrics flag, by part name (for comparing states). */
function flags(s: WebAclState): Record<string, boolean | null> {
  const out: Record<string, boolean | null> = { 'web ACL': s.acl.VisibilityConfig.CloudWatchMetricsEnabled ?? null };
  for (const r of s.acl.Rules) out[`rule ${r.Name}`] = r.VisibilityConfig?.CloudWatchMetricsEnabled ?? null;
  return out;
}

/** The definition without its metrics flags: what must be unchanged between the plan and the write. */
const content = (s: WebAclState) => canonical(withMetrics(s.acl, Object.keys(flags(s)), false));

function update(target: ResourceRef, s: WebAclState, acl: WebAclState['acl'], purpose: string) {
  return { service: USE.service, operation: 'UpdateWebACL', params: { ...webAclKey(target), ...clone(acl), LockToken: s.lockToken }, purpose };
}

function keepLines(s: WebAclState, changed: readonly string[]): string[] {
  const unchanged = Object.entries(flags(s)).filter(([k]) => !changed.includes(k)).map(([k, v]) => `${k}: CloudWatch metrics ${v ? 'on' : 'off'}`);
  return [`default action ${Object.keys(s.acl['DefaultAction'] ?? {}).join('') || '?'}`, ...s.acl.Rules.map((r) => `rule ${r.Name}: statement, action, priority, sampling and metric name as they are`), ...unchanged];
}

/**
 * wafv2-enable-rule-metrics: turns on CloudWatch metrics where a web ACL or one of its rules has them off. UpdateWebACL
 * replaces the definition as a whole, so it re-sends the web ACL exactly as read with only those flags changed, and the
 * lock token read with it: a change made by someone else in between fails with WAFOptimisticLockException and nothing
 * is overwritten; one made between the plan and the apply is reported as drift.
 */
export const wafv2EnableRuleMetrics = defineAction<WebAclState, Record<string, never>>({
  id: ID,
  title: 'Turn on CloudWatch metrics of a WAF v2 web ACL and its rules',
  description:
    'wafv2:UpdateWebACL with the web ACL exactly as GetWebACL returned it (rules, default action, custom responses, …) and its LockToken, with VisibilityConfig.CloudWatchMetricsEnabled=true only where it was false (the ACL and each such rule). A stale lock token fails the call (WAFOptimisticLockException), a web ACL changed since the plan is drift. Undo: the same flags back to false.',
  resourceTypes: ['aws.wafv2.web-acl'],
  evidenceKinds: ['setting'],
  sdk: [USE],
  permissions: [...USE.permissions.values()].sort(),
  params: z.strictObject({}),
  reversible: true,

  fromResource: () => undefined,

  async capture(api, target) {
    return read(api, target);
  },

  drift(current, _evidence, reference) {
    if (!metricsOff(current).length) return 'CloudWatch metrics are on everywhere now';
    // The write re-sends the whole definition: one planned from another version would undo someone else's change.
    if (reference && content(reference) !== content(current)) return 'the web ACL changed since the plan (rules or settings differ); plan again';
    return undefined;
  },

  plan(current, _evidence, _p, target): Plan {
    const off = metricsOff(current);
    if (!off.length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['nothing violates'] };
    return {
      calls: [update(target, current, withMetrics(current.acl, off, true), `turn on CloudWatch metrics for ${off.join(', ')}`)],
      removes: off.map((p) => `${p}: CloudWatch metrics off (becomes on)`),
      keeps: keepLines(current, off),
      notes: ['UpdateWebACL replaces the definition: it is sent back as read, with the lock token read with it'],
    };
  },

  expected(before) {
    return { lockToken: before.lockToken, acl: withMetrics(before.acl, metricsOff(before), true) };
  },

  diff(actual, expected) {
    const a = flags(actual);
    const e = flags(expected);
    // Only the parts both have: a rule someone else added or removed meanwhile is not this action's change.
    return Object.keys(e).filter((k) => k in a && a[k] !== e[k]).map((k) => `${k}: CloudWatch metrics ${a[k] ? 'on' : 'off'}, expected ${e[k] ? 'on' : 'off'}`);
  },

  undo(before, _after, current, target): Plan {
    const turnedOn = metricsOff(before);
    const back = turnedOn.filter((p) => flags(current)[p] === true);
    if (!back.length) return { calls: [], removes: [], keeps: keepLines(current, []), notes: ['the previous values are already there'] };
    return {
      calls: [update(target, current, withMetrics(current.acl, back, false), `turn CloudWatch metrics off again for ${back.join(', ')}`)],
      removes: back.map((p) => `${p}: CloudWatch metrics on (back to off)`),
      keeps: keepLines(current, back),
      notes: [],
    };
  },

  expectedUndo(before, _after, current) {
    const back = metricsOff(before).filter((p) => flags(current)[p] === true);
    return { lockToken: current.lockToken, acl: withMetrics(current.acl, back, false) };
  },
});
