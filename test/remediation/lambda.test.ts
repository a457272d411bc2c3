/**
 * The Lambda action end to end through the local endpoint and the real SDK: the public statements of a function
 * policy go, the others stay; undo puts them back with AddPermission when it can write them exactly, and refuses the
 * change when it cannot. Properties over random policies: only public statements are removed, and AddPermission's
 * statement form round-trips.
 */
import { AddPermissionCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, previewUndo, undo } from '../../src/app/remediate.ts';
import { publicStatements } from '../../src/collectors/lambda/function.ts';
import type { ResourceRef } from '../../src/core/resource.ts';
import { addPermissionFor, lambdaRemovePublicPermissions, type FunctionPolicyState } from '../../src/remediation/actions/lambda/lambda-remove-public-permissions.ts';
import { iamPolicy } from '../../src/remediation/iam-policy.ts';
import type { RemediationAction } from '../../src/remediation/types.ts';
import { addPermission, createFunction, createFunctionUrl, type AddPermissionOptions, type LambdaFunction } from '../../src/sim/services/lambda/model.ts';
import { CREDENTIALS, harness, MGMT, type Harness } from './helpers.ts';

const REGION = 'us-east-1';
const ALL_MODES = ['notify', 'approve', 'auto'] as const;
const IDS = ['aws-lambda-function-public'];
const bySid = (s: readonly Record<string, unknown>[]) => [...s].sort((a, b) => String(a['Sid']).localeCompare(String(b['Sid'])));

let h: Harness;
let promo: LambdaFunction;
let legacy: LambdaFunction;
let internal: LambdaFunction;
beforeAll(async () => {
  h = await harness({ seed: 'lambda-actions', regions: [REGION], accounts: [{ id: MGMT, name: 'Management' }] });
  const w = h.sim.world;
  promo = createFunction(w, MGMT, REGION, { name: 'promo-webhook', runtime: 'python3.12' });
  addPermission(promo, { statementId: 's3-invoke', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: MGMT, sourceArn: 'arn:aws:s3:::promo-uploads' });
  createFunctionUrl(w, promo, 'NONE');
  addPermission(promo, { statementId: 'anyone', action: 'lambda:InvokeFunction', principal: '*' });
  addPermission(promo, { statementId: 'org', action: 'lambda:InvokeFunction', principal: '*', principalOrgId: 'o-abc123' });
  // Written by hand (or by an older tool): AddPermission cannot write {"AWS": "*"}.
  legacy = createFunction(w, MGMT, REGION, { name: 'legacy', runtime: 'nodejs20.x' });
  legacy.statements.push({ Sid: 'any-aws', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'lambda:InvokeFunction', Resource: legacy.arn });
  internal = createFunction(w, MGMT, REGION, { name: 'internal', runtime: 'python3.12' });
  addPermission(internal, { statementId: 'events', action: 'lambda:InvokeFunction', principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:${REGION}:${MGMT}:rule/nightly` });
});
afterAll(() => h.close());

describe('lambda-remove-public-permissions: fix, verify, undo', () => {
  it('removes exactly the public statements, and undo puts them back with AddPermission', async () => {
    const before = structuredClone({ promo, legacy, internal });
    const plan = await planFix(h.conn.access, await h.scan(IDS), h.select(IDS), h.config, ALL_MODES);
    expect(plan.prepared.map((p) => `${p.resource.id} ${p.outcome}`).sort()).toEqual(['legacy ready', 'promo-webhook ready']);
    const p = plan.prepared.find((x) => x.resource.id === 'promo-webhook')!;
    expect(p.plan!.calls.map((c) => `${c.operation} ${String(c.params['StatementId'])}`)).toEqual(['RemovePermission FunctionURLAllowPublicAccess', 'RemovePermission anyone']);
    expect(p.plan!.keeps).toHaveLength(2);
    expect(p.plan!.notes.join(' ')).not.toMatch(/not reversible/);
    expect(plan.prepared.find((x) => x.resource.id === 'legacy')!.plan!.notes.join(' ')).toMatch(/not reversible: statement any-aws has the principal \{"AWS":"\*"\}/);

    const summary = await applyFix(h.session(), plan);
    expect(summary.failed).toEqual([]);
    expect(summary.fixed).toHaveLength(2);
    expect(promo.statements).toEqual(before.promo.statements.filter((s) => s['Sid'] === 's3-invoke' || s['Sid'] === 'org'));
    expect(promo.url).toEqual(before.promo.url);
    expect(legacy.statements).toEqual([]);
    expect(internal).toEqual(before.internal);

    const promoEntry = summary.fixed.find((o) => o.resource.id === 'promo-webhook')!.entryId!;
    const legacyEntry = summary.fixed.find((o) => o.resource.id === 'legacy')!.entryId!;
    await expect(previewUndo(h.store, h.conn.access, legacyEntry)).rejects.toThrow(/cannot be put back exactly: statement any-aws has the principal/);
    const preview = await previewUndo(h.store, h.conn.access, promoEntry);
    expect(preview.changedSince).toEqual([]);
    expect(preview.plan.calls.map((c) => c.params)).toEqual([
      { FunctionName: promo.arn, StatementId: 'FunctionURLAllowPublicAccess', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' },
      { FunctionName: promo.arn, StatementId: 'anyone', Action: 'lambda:InvokeFunction', Principal: '*' },
    ]);
    const r = await undo(h.session(), preview);
    expect(r.outcome?.outcome, r.outcome?.why).toBe('fixed');
    // AddPermission appends: the same statements, in another order.
    expect(bySid(promo.statements)).toEqual(bySid(before.promo.statements));
  });

  it('is refused by the endpoint as AWS refuses it', async () => {
    const client = new LambdaClient({ endpoint: h.sim.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
    await expect(client.send(new RemovePermissionCommand({ FunctionName: 'internal', StatementId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new RemovePermissionCommand({ FunctionName: 'nope', StatementId: 'events' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new AddPermissionCommand({ FunctionName: 'internal', StatementId: 'events', Action: 'lambda:InvokeFunction', Principal: '*' }))).rejects.toMatchObject({ name: 'ResourceConflictException' });
    await expect(client.send(new AddPermissionCommand({ FunctionName: 'internal', StatementId: 'bad id', Action: 'lambda:InvokeFunction', Principal: '*' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new AddPermissionCommand({ FunctionName: 'internal', StatementId: 'x', Action: 's3:GetObject', Principal: '*' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new AddPermissionCommand({ FunctionName: 'internal', StatementId: 'x', Action: 'lambda:InvokeFunction', Principal: '*', FunctionUrlAuthType: 'NONE' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    expect(internal.statements.map((s) => s['Sid'])).toEqual(['events']);
    client.destroy();
  });

  it('lists the new permissions in mamori iam-policy --remediate', () => {
    const actions = iamPolicy({ remediate: true, policies: h.select(IDS) }).Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['lambda:GetPolicy', 'lambda:RemovePermission', 'lambda:AddPermission']));
  });
});

describe('lambda-remove-public-permissions over random policies', () => {
  const action = lambdaRemovePublicPermissions as unknown as RemediationAction<FunctionPolicyState, Record<string, never>>;
  const arn = 'arn:aws:lambda:us-east-1:111111111111:function:f';
  const target: ResourceRef = { type: 'aws.lambda.function', id: 'f', arn, account: '111111111111', region: 'us-east-1', tags: {} };
  const request = fc.record(
    {
      principal: fc.constantFrom('*', 's3.amazonaws.com', '222222222222', 'arn:aws:iam::222222222222:role/r'),
      action: fc.constantFrom('lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:*'),
      sourceAccount: fc.constant('111111111111'),
      sourceArn: fc.constant('arn:aws:s3:::b'),
      principalOrgId: fc.constant('o-abc123'),
      eventSourceToken: fc.constant('tok'),
    },
    { requiredKeys: ['principal', 'action'] },
  );
  const policy = fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), request), { maxLength: 6, selector: ([sid]) => sid }).map((list) => {
    const fn = { arn, statements: [] } as unknown as LambdaFunction;
    for (const [sid, r] of list) addPermission(fn, { ...(r as Omit<AddPermissionOptions, 'statementId'>), statementId: sid });
    return { statements: fn.statements };
  });

  it('removes only public statements, keeps the rest in order, and undo∘fix gives back the same statements', () => {
    fc.assert(
      fc.property(policy, (before) => {
        const pub = publicStatements({ Statement: before.statements }) ?? [];
        const evidence = pub.length ? [{ id: 'path:config.publicStatements', kind: 'setting', summary: '', data: { path: 'config.publicStatements', actual: pub } }] : [];
        const plan = action.plan(before, evidence, {}, target);
        expect(plan.calls.map((c) => c.params['StatementId'])).toEqual(pub.map((s) => s.sid));
        expect(plan.notes.join(' ')).not.toMatch(/not reversible/);
        const after = action.expected(before, evidence, {});
        expect(after.statements).toEqual(before.statements.filter((s) => !pub.some((x) => x.sid === s['Sid'])));
        expect(publicStatements({ Statement: after.statements })).toEqual([]);
        // Every statement AddPermission wrote comes back from its own request.
        for (const s of before.statements) expect('params' in addPermissionFor(s, arn)).toBe(true);
        if (!pub.length) return;
        const undo = action.undo!(before, after, after, target);
        expect(undo.calls).toHaveLength(pub.length);
        const back = { statements: [...after.statements] };
        const fn = { arn, statements: back.statements } as unknown as LambdaFunction;
        for (const c of undo.calls) {
          const p = c.params as Record<string, string>;
          addPermission(fn, { statementId: p['StatementId']!, action: p['Action']!, principal: p['Principal']!, ...(p['FunctionUrlAuthType'] ? { functionUrlAuthType: p['FunctionUrlAuthType'] as 'NONE' } : {}), ...(p['EventSourceToken'] ? { eventSourceToken: p['EventSourceToken'] } : {}), ...(p['SourceAccount'] ? { sourceAccount: p['SourceAccount'] } : {}), ...(p['SourceArn'] ? { sourceArn: p['SourceArn'] } : {}), ...(p['PrincipalOrgID'] ? { principalOrgId: p['PrincipalOrgID'] } : {}) });
        }
        expect(action.diff(back, before)).toEqual([]);
        expect(action.diff(action.expectedUndo!(before, after, after), before)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
