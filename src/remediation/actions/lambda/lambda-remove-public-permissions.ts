import { AddPermissionCommand, GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { publicStatements } from '../../../collectors/lambda/function.ts';
import type { Evidence } from '../../../core/finding.ts';
import { MamoriError } from '../../../core/errors.ts';
import type { ResourceRef } from '../../../core/resource.ts';
import { canonical, sameBag } from '../../compare.ts';
import { sdk } from '../../kit/sdk.ts';
import { defineAction, type ApiCall, type Plan } from '../../types.ts';

/** The function's resource-based policy: its statements in order (none: no policy). */
export interface FunctionPolicyState {
  statements: Record<string, unknown>[];
}

const params = z.strictObject({});
const lambda = sdk(LambdaClient, { RemovePermissionCommand, GetPolicyCommand, AddPermissionCommand });

const sidOf = (s: Record<string, unknown>) => (typeof s['Sid'] === 'string' ? s['Sid'] : undefined);
const text = (s: Record<string, unknown>) => `${sidOf(s) ?? '(no Sid)'}: ${s['Effect'] as string} ${JSON.stringify(s['Principal'])} ${JSON.stringify(s['Action'])}${s['Condition'] ? ` if ${JSON.stringify(s['Condition'])}` : ''}`;

/** The statement ids the evidence names as public (the collector's `publicStatements`). */
function evidenceSids(evidence: readonly Evidence[]): string[] {
  const out: string[] = [];
  for (const e of evidence) {
    const actual = e.data['actual'];
    if (Array.isArray(actual)) for (const s of actual as { sid?: unknown }[]) if (typeof s?.sid === 'string') out.push(s.sid);
  }
  return [...new Set(out)];
}

/** The public statement ids of the current policy. */
const publicSids = (s: FunctionPolicyState) => new Set((publicStatements({ Statement: s.statements }) ?? []).map((x) => x.sid).filter((x): x is string => x !== null));

/** The condition keys AddPermission can write, by operator, with the parameter that writes each (as Lambda writes them). */
const CONDITION_PARAMS: Record<string, Record<string, string>> = {
  StringEquals: { 'AWS:SourceAccount': 'SourceAccount', 'aws:PrincipalOrgID': 'PrincipalOrgID', 'lambda:EventSourceToken': 'EventSourceToken', 'lambda:FunctionUrlAuthType': 'FunctionUrlAuthType' },
  ArnLike: { 'AWS:SourceArn': 'SourceArn' },
};

/** The statement Lambda writes for an AddPermission request (the same rules as the service: `*`, a service, an account, an ARN). */
function statementFor(p: Record<string, string>, functionArn: string): Record<string, unknown> {
  const principal = p['Principal']!;
  const condition: Record<string, Record<string, string>> = {};
  for (const [op, keys] of Object.entries(CONDITION_PARAMS)) for (const [key, param] of Object.entries(keys)) if (p[param] !== undefined) (condition[op] ??= {})[key] = p[param];
  return {
    Sid: p['StatementId'],
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal },
    Action: p['Action'],
    Resource: functionArn,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}

/**
 * The AddPermission request that writes exactly this statement again, or why there is none: AddPermission writes one
 * Allow with one action, one principal and only the conditions above, so anything else (a `{"AWS": "*"}` principal,
 * several actions, another condition) cannot be put back as it was.
 */
export function addPermissionFor(s: Record<string, unknown>, functionArn: string): { params: Record<string, string> } | { why: string } {
  const sid = sidOf(s);
  if (!sid) return { why: 'the statement has no Sid' };
  if (typeof s['Action'] !== 'string') return { why: `statement ${sid} has ${JSON.stringify(s['Action'])} as its action; AddPermission writes one` };
  const pr = s['Principal'];
  const principal =
    pr === '*' ? '*'
    : pr && typeof pr === 'object' && typeof (pr as Record<string, unknown>)['Service'] === 'string' ? ((pr as Record<string, string>)['Service'])
    : pr && typeof pr === 'object' && typeof (pr as Record<string, unknown>)['AWS'] === 'string' && (pr as Record<string, string>)['AWS'] !== '*' ? (pr as Record<string, string>)['AWS']!.replace(/^arn:aws:iam::(\d{12}):root$/, '$1')
    : undefined;
  if (principal === undefined) return { why: `statement ${sid} has the principal ${JSON.stringify(pr)}, which AddPermission cannot write (it writes "*" for everyone)` };
  const p: Record<string, string> = { StatementId: sid, Action: s['Action'], Principal: principal };
  const cond = (s['Condition'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [op, byKey] of Object.entries(cond)) {
    for (const [key, value] of Object.entries(byKey ?? {})) {
      const param = CONDITION_PARAMS[op]?.[key];
      if (!param || typeof value !== 'string') return { why: `statement ${sid} has the condition ${op} ${key}, which AddPermission cannot write` };
      p[param] = value;
    }
  }
  // The test that counts: the statement Lambda would write is this one.
  if (canonical(statementFor(p, functionArn)) !== canonical(s)) return { why: `statement ${sid} is not in the form AddPermission writes (${JSON.stringify(s).slice(0, 200)})` };
  return { params: p };
}

function irreversible(s: FunctionPolicyState, sids: readonly string[], target: ResourceRef): string[] {
  return s.statements.filter((x) => sids.includes(sidOf(x) ?? '')).flatMap((x) => {
    const r = addPermissionFor(x, target.arn);
    return 'why' in r ? [r.why] : [];
  });
}

/**
 * lambda-remove-public-permissions: removes, by statement id, each statement of the function's resource-based policy
 * that lets anyone invoke it (the evidence); the other statements stay. Undo re-creates each removed statement with
 * AddPermission, which is possible only when the statement is in the form AddPermission writes (one action, a `*`,
 * service or account principal, the conditions AddPermission sets): a change that removed any other statement is
 * refused by `mamori undo`, and its plan says so.
 */
export const lambdaRemovePublicPermissions = defineAction<FunctionPolicyState, z.infer<typeof params>>({
  id: 'lambda-remove-public-permissions',
  title: 'Remove the public statements of a Lambda function policy',
  description:
    'lambda:RemovePermission for each public statement id in the evidence (Allow to "*" without a source or organization condition); every other statement stays. Undo: lambda:AddPermission with each removed statement\'s principal, action and conditions, possible only when AddPermission writes the statement exactly as it was (otherwise mamori undo refuses that change).',
  resourceTypes: ['aws.lambda.function'],
  evidenceKinds: ['setting'],
  sdk: [lambda],
  permissions: ['lambda:AddPermission', 'lambda:GetPolicy', 'lambda:RemovePermission'],
  params,
  reversible: true,

  fromResource(r) {
    const policy = (r.config as { policy?: Record<string, unknown> | null }).policy;
    if (policy === undefined) return undefined;
    const raw = policy?.['Statement'];
    return { statements: (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[] };
  },

  async capture(api, target) {
    try {
      const out = await api.client(LambdaClient).send(new GetPolicyCommand({ FunctionName: target.arn }));
      const doc = JSON.parse(out.Policy ?? '{}') as Record<string, unknown>;
      const raw = doc['Statement'];
      return { statements: (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[] };
    } catch (e) {
      const err = e as { name?: string; message?: string };
      // GetPolicy answers ResourceNotFoundException both for a missing function and for a function without a policy.
      if (err.name === 'ResourceNotFoundException') return /^Function not found/.test(err.message ?? '') ? null : { statements: [] };
      throw e;
    }
  },

  drift(current, evidence) {
    const pub = publicSids(current);
    const gone = evidenceSids(evidence).filter((sid) => !pub.has(sid));
    return gone.length ? `statement ${gone.join(', ')} is no longer a public statement of the policy` : undefined;
  },

  plan(current, evidence, _p, target): Plan {
    const pub = publicSids(current);
    const sids = evidenceSids(evidence).filter((sid) => pub.has(sid));
    const removing = current.statements.filter((s) => sids.includes(sidOf(s) ?? ''));
    const keeps = current.statements.filter((s) => !removing.includes(s)).map(text);
    if (!removing.length) return { calls: [], removes: [], keeps, notes: ['no public statement to remove'] };
    const calls: ApiCall[] = removing.map((s) => ({ service: lambda.service, operation: 'RemovePermission', params: { FunctionName: target.arn, StatementId: sidOf(s)! }, purpose: `remove public statement ${sidOf(s)!}` }));
    const why = irreversible(current, sids, target);
    return {
      calls,
      removes: removing.map(text),
      keeps,
      notes: [
        ...(why.length ? [`not reversible: ${why.join('; ')}`] : []),
        ...(removing.some((s) => s['Action'] === 'lambda:InvokeFunctionUrl') ? ['the function URL stays configured; without the statement, unauthenticated calls to it are refused (403)'] : []),
      ],
    };
  },

  expected(before, evidence) {
    const pub = publicSids(before);
    const sids = evidenceSids(evidence).filter((sid) => pub.has(sid));
    return { statements: before.statements.filter((s) => !sids.includes(sidOf(s) ?? '')) };
  },

  diff(actual, expected) {
    if (sameBag(actual.statements, expected.statements, canonical)) return [];
    const a = new Set(actual.statements.map(canonical));
    const e = new Set(expected.statements.map(canonical));
    return [
      ...actual.statements.filter((s) => !e.has(canonical(s))).map((s) => `unexpected statement ${text(s)}`),
      ...expected.statements.filter((s) => !a.has(canonical(s))).map((s) => `missing statement ${text(s)}`),
    ];
  },

  undo(before, after, current, target): Plan {
    const kept = new Set(after.statements.map(canonical));
    const removed = before.statements.filter((s) => !kept.has(canonical(s)));
    const present = new Set(current.statements.map(canonical));
    const missing = removed.filter((s) => !present.has(canonical(s)));
    const requests = missing.map((s) => ({ s, r: addPermissionFor(s, target.arn) }));
    const refused = requests.flatMap(({ r }) => ('why' in r ? [r.why] : []));
    if (refused.length) throw new MamoriError('REMEDIATION_REFUSED', `the removed statements cannot be put back exactly: ${refused.join('; ')}`);
    const taken = missing.filter((s) => current.statements.some((c) => sidOf(c) === sidOf(s)));
    if (taken.length) throw new MamoriError('REMEDIATION_REFUSED', `the policy has another statement with the id ${taken.map((s) => sidOf(s)).join(', ')} now`);
    return {
      calls: requests.map(({ s, r }) => ({ service: lambda.service, operation: 'AddPermission', params: { FunctionName: target.arn, ...(r as { params: Record<string, string> }).params }, purpose: `put back statement ${sidOf(s)!}` })),
      removes: [],
      keeps: current.statements.map(text),
      notes: missing.length < removed.length ? [`${removed.length - missing.length} statement(s) already back`] : [],
    };
  },

  expectedUndo(before, after, current) {
    const kept = new Set(after.statements.map(canonical));
    const present = new Set(current.statements.map(canonical));
    return { statements: [...current.statements, ...before.statements.filter((s) => !kept.has(canonical(s)) && !present.has(canonical(s)))] };
  },
});
