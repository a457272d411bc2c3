/**
 * Lambda end to end: the local endpoint serves functions, resource-based policies and tags from the
 * estate; the SDK reads them; the collector normalizes them (runtime table, public statements); the
 * engine gives findings with evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../src/app/scan.ts';
import { publicStatements } from '../../src/collectors/lambda/function.ts';
import { loadBuiltinPolicies } from '../../src/engine/loader.ts';
import { runtimeDeprecation } from '../../src/resources/aws/lambda/function.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { addPermission, createFunction, createFunctionUrl } from '../../src/sim/services/lambda/model.ts';
import { createWorld } from '../../src/sim/world.ts';
import { simScanSettings } from '../helpers/scan.ts';

const ACCOUNT = '111111111111';
const LAMBDA = ['aws-lambda-function-deprecated-runtime', 'aws-lambda-function-public'];
let sim: SimServer;
let result: ScanResult;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1', 'eu-west-1'], organization: false, managementAccountId: ACCOUNT });
  // A webhook exposed through a function URL without auth, on a runtime deprecated since 2024.
  const hook = createFunction(world, ACCOUNT, 'us-east-1', { name: 'promo-webhook', runtime: 'python3.8', tags: { team: 'marketing' } });
  createFunctionUrl(world, hook, 'NONE');
  // Invoked by S3, restricted to the bucket's account: not public.
  const thumbs = createFunction(world, ACCOUNT, 'us-east-1', { name: 'thumbnails', runtime: 'nodejs24.x' });
  addPermission(thumbs, { statementId: 's3-invoke', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceAccount: ACCOUNT, sourceArn: 'arn:aws:s3:::kumo-uploads' });
  // Anyone may invoke it, no condition; container image (no runtime to judge). An IAM-auth URL adds no statement.
  const resize = createFunction(world, ACCOUNT, 'eu-west-1', { name: 'resize', packageType: 'Image' });
  addPermission(resize, { statementId: 'open', action: 'lambda:InvokeFunction', principal: '*' });
  const internal = createFunction(world, ACCOUNT, 'eu-west-1', { name: 'internal-report', runtime: 'python3.13' });
  createFunctionUrl(world, internal, 'AWS_IAM');
  // More than one page of ListFunctions (50 per page).
  for (let i = 0; i < 51; i++) createFunction(world, ACCOUNT, 'eu-west-1', { name: `batch-${i}`, runtime: 'java21' });
  sim = await startSim({ world });
  result = await runScan({ ...simScanSettings(sim), targets: {}, policies: loadBuiltinPolicies().filter((p) => LAMBDA.includes(p.id)), globalExclusions: [], keepPassed: true });
});
afterAll(() => sim.stop());

const of = (policy: string, status: string): string[] => result.report.findings.filter((f) => f.policy === policy && f.status === status).map((f) => f.resource.id).sort();

describe('Lambda from the endpoint to the findings', () => {
  it('reads every function across pages completely, with its tags', () => {
    expect(result.report.summary.coverageGaps).toEqual([]);
    const fns = result.resources.filter((r) => r.type === 'aws.lambda.function');
    expect(fns).toHaveLength(55);
    const hook = fns.find((r) => r.id === 'promo-webhook')!;
    expect(hook.tags).toEqual({ team: 'marketing' });
    expect(hook.arn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:promo-webhook`);
    expect(hook.config).toMatchObject({ runtime: 'python3.8', runtimeDeprecated: true, runtimeDeprecationDate: '2024-10-14', vpcId: null });
    expect(fns.find((r) => r.id === 'resize')!.config).toMatchObject({ packageType: 'Image', runtime: null, runtimeDeprecated: null });
    expect(fns.every((r) => r.readErrors === undefined)).toBe(true);
  });

  it('fails the function on a deprecated runtime and passes the container image', () => {
    expect(of('aws-lambda-function-deprecated-runtime', 'fail')).toEqual(['promo-webhook']);
    expect(of('aws-lambda-function-deprecated-runtime', 'pass')).toContain('resize');
  });

  it('fails the URL without auth and the open statement, with the public statements as evidence', () => {
    expect(of('aws-lambda-function-public', 'fail')).toEqual(['promo-webhook', 'resize']);
    const f = result.report.findings.find((x) => x.policy === 'aws-lambda-function-public' && x.resource.id === 'promo-webhook')!;
    expect(f.evidence.map((e) => e.id)).toEqual(['path:config.publicStatements']);
    const hook = result.resources.find((r) => r.id === 'promo-webhook')!;
    expect((hook.config as { publicStatements: unknown[] }).publicStatements).toEqual([{ sid: 'FunctionURLAllowPublicAccess', principal: '*', action: 'lambda:InvokeFunctionUrl' }]);
    expect(of('aws-lambda-function-public', 'pass')).toContain('thumbnails');
    expect(of('aws-lambda-function-public', 'pass')).toContain('internal-report');
  });

  it('reads one page per 50 functions and one GetPolicy per function', () => {
    const calls = result.report.summary.apiCalls.byOperation;
    expect(calls['lambda:ListFunctions']).toBe(3); // us-east-1: 1 page; eu-west-1: 53 functions, 2 pages
    expect(calls['lambda:GetPolicy']).toBe(55);
  });

  it('judges statements and runtimes as documented', () => {
    const doc = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [s] });
    expect(publicStatements(doc({ Sid: 'a', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'lambda:InvokeFunction' }))).toHaveLength(1);
    expect(publicStatements(doc({ Sid: 'b', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }))).toEqual([]);
    expect(publicStatements(doc({ Sid: 'c', Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' }))).toEqual([]);
    expect(publicStatements(doc({ Sid: 'd', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'lambda:InvokeFunction' }))).toEqual([]);
    expect(runtimeDeprecation('nodejs20.x', new Date('2026-04-29T23:00:00Z'))).toEqual({ runtimeDeprecated: false, runtimeDeprecationDate: '2026-04-30' });
    expect(runtimeDeprecation('nodejs20.x', new Date('2026-04-30T00:00:00Z'))).toEqual({ runtimeDeprecated: true, runtimeDeprecationDate: '2026-04-30' });
    expect(runtimeDeprecation('nodejs99.x', new Date())).toEqual({ runtimeDeprecated: false, runtimeDeprecationDate: null });
  });

  it('turns a policy it cannot read into an error, never a pass', async () => {
    const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
    createFunction(world, ACCOUNT, 'us-east-1', { name: 'locked', runtime: 'python3.13' });
    world.accounts[ACCOUNT]!.deny = ['lambda:GetPolicy'];
    const denied = await startSim({ world });
    try {
      const r = await runScan({ ...simScanSettings(denied), targets: {}, policies: loadBuiltinPolicies().filter((p) => LAMBDA.includes(p.id)), globalExclusions: [], keepPassed: true });
      const byPolicy = Object.fromEntries(r.report.findings.filter((f) => f.resource.id === 'locked').map((f) => [f.policy, f.status]));
      expect(byPolicy).toEqual({ 'aws-lambda-function-deprecated-runtime': 'pass', 'aws-lambda-function-public': 'error' });
    } finally {
      await denied.stop();
    }
  });
});
