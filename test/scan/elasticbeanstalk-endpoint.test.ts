/**
 * Elastic Beanstalk at the local endpoint, as the SDK would address it (awsQuery): environments from the
 * estate with their configuration option settings, paged and refused as AWS documents, their tags through
 * the tagging API, every answer checked against the service model.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkError, checkResponse } from '../../src/sim/models/check.ts';
import { loadModel } from '../../src/sim/models/index.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { createEnvironment } from '../../src/sim/services/elasticbeanstalk/model.ts';
import { createWorld } from '../../src/sim/world.ts';

const ACCOUNT = '111111111111';
const model = loadModel('elasticbeanstalk');
const xml = new XMLParser({ isArray: (name) => name === 'member' });
let sim: SimServer;

type Doc = Record<string, Record<string, unknown>>;

async function call(operation: string, params: Record<string, string>): Promise<{ status: number; doc: Doc }> {
  const res = await fetch(`${sim.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/us-east-1/elasticbeanstalk/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Action: operation, Version: '2010-12-01', ...params }).toString(),
  });
  const text = await res.text();
  const wire = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
  expect(res.status < 300 ? checkResponse(model, operation, wire) : checkError(model, wire)).toEqual([]);
  return { status: res.status, doc: xml.parse(text) as Doc };
}

const envNames = (doc: Doc) => {
  const result = doc['DescribeEnvironmentsResponse']!['DescribeEnvironmentsResult'] as { Environments?: { member?: { EnvironmentName: string }[] }; NextToken?: string };
  return { names: (result.Environments?.member ?? []).map((e) => e.EnvironmentName), next: result.NextToken };
};
const errorCode = (doc: Doc) => (doc['ErrorResponse']!['Error'] as { Code: string }).Code;

beforeAll(async () => {
  const world = createWorld({ regions: ['us-east-1'], organization: false, managementAccountId: ACCOUNT });
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'storefront', name: 'storefront-prod', options: { 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true' }, tags: { env: 'prod' } });
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'storefront', name: 'storefront-dev', options: { 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'basic' } });
  createEnvironment(world, ACCOUNT, 'us-east-1', { application: 'reports', name: 'reports-old', terminated: true });
  sim = await startSim({ world });
});
afterAll(() => sim.stop());

describe('Elastic Beanstalk at the local endpoint', () => {
  it('lists environments, recently terminated ones included unless IncludeDeleted=false', async () => {
    expect(envNames((await call('DescribeEnvironments', {})).doc).names).toEqual(['storefront-prod', 'storefront-dev', 'reports-old']);
    expect(envNames((await call('DescribeEnvironments', { IncludeDeleted: 'false' })).doc).names).toEqual(['storefront-prod', 'storefront-dev']);
    expect(envNames((await call('DescribeEnvironments', { ApplicationName: 'reports', IncludeDeleted: 'false' })).doc).names).toEqual([]);
  });

  it('pages with MaxRecords (1–1000) and NextToken, a forged token refused', async () => {
    const first = envNames((await call('DescribeEnvironments', { MaxRecords: '2' })).doc);
    expect(first.names).toEqual(['storefront-prod', 'storefront-dev']);
    const second = envNames((await call('DescribeEnvironments', { MaxRecords: '2', NextToken: first.next! })).doc);
    expect(second).toEqual({ names: ['reports-old'], next: undefined });
    const tooMany = await call('DescribeEnvironments', { MaxRecords: '1001' });
    expect([tooMany.status, errorCode(tooMany.doc)]).toEqual([400, 'InvalidParameterValue']);
    expect(errorCode((await call('DescribeEnvironments', { NextToken: 'forged' })).doc)).toBe('InvalidParameterValue');
  });

  it("answers an environment's option settings: enhanced health and log streaming as configured", async () => {
    const settings = async (name: string) => {
      const { doc } = await call('DescribeConfigurationSettings', { ApplicationName: 'storefront', EnvironmentName: name });
      const cs = (doc['DescribeConfigurationSettingsResponse']!['DescribeConfigurationSettingsResult'] as { ConfigurationSettings: { member: { OptionSettings: { member: { Namespace: string; OptionName: string; Value: string }[] } }[] } }).ConfigurationSettings.member[0]!;
      return Object.fromEntries(cs.OptionSettings.member.map((o) => [`${o.Namespace}:${o.OptionName}`, String(o.Value)]));
    };
    const prod = await settings('storefront-prod');
    expect(prod).toMatchObject({ 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'true', 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'enhanced' });
    const dev = await settings('storefront-dev');
    expect(dev).toMatchObject({ 'aws:elasticbeanstalk:cloudwatch:logs:StreamLogs': 'false', 'aws:elasticbeanstalk:healthreporting:system:SystemType': 'basic' });
  });

  it('refuses an unknown environment, both a name and a template, or neither, with the codes AWS uses', async () => {
    expect(errorCode((await call('DescribeConfigurationSettings', { ApplicationName: 'storefront', EnvironmentName: 'nope' })).doc)).toBe('InvalidParameterValue');
    expect(errorCode((await call('DescribeConfigurationSettings', { ApplicationName: 'reports', EnvironmentName: 'reports-old' })).doc)).toBe('InvalidParameterValue');
    expect(errorCode((await call('DescribeConfigurationSettings', { ApplicationName: 'storefront', EnvironmentName: 'storefront-dev', TemplateName: 't' })).doc)).toBe('InvalidParameterCombination');
    expect(errorCode((await call('DescribeConfigurationSettings', { ApplicationName: 'storefront' })).doc)).toBe('MissingRequiredParameter');
    expect(errorCode((await call('DescribeConfigurationSettings', { EnvironmentName: 'storefront-dev' })).doc)).toBe('MissingParameter');
  });

  it('gives the tags of tagged environments through the tagging API', async () => {
    const res = await fetch(`${sim.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAMAMORIEXAMPLE1/20260101/us-east-1/tagging/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify({ ResourceTypeFilters: ['elasticbeanstalk:environment'] }),
    });
    expect(((await res.json()) as { ResourceTagMappingList: unknown[] }).ResourceTagMappingList).toEqual([
      { ResourceARN: `arn:aws:elasticbeanstalk:us-east-1:${ACCOUNT}:environment/storefront/storefront-prod`, Tags: [{ Key: 'env', Value: 'prod' }] },
    ]);
  });
});
