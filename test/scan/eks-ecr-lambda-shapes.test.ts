/**
 * The EKS, ECR and Lambda answers of the local endpoint, successes and errors, checked against the AWS
 * models of their operations: real SDK clients read the demo estate through a pass-through proxy that
 * records every response (as src/sim/models/endpoint-shapes.test.ts does for the older services).
 */
import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand, GetRegistryScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { GetPolicyCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEstate, demoEstate } from '../../src/sim/estates/index.ts';
import { PRODUCTION } from '../../src/sim/estates/demo.ts';
import { startSim, type SimServer } from '../../src/sim/server.ts';
import { clientConfig } from '../../src/sim/testing.ts';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.ts';

let sim: SimServer;
let proxy: RecordingProxy;
let proxyUrl = '';
let exchanges: RecordingProxy['exchanges'] = [];

beforeAll(async () => {
  sim = await startSim({ world: buildEstate(demoEstate).world });
  proxy = await startRecordingProxy(sim.url);
  proxyUrl = proxy.url;
  exchanges = proxy.exchanges;
});

afterAll(async () => {
  await proxy.stop();
  await sim.stop();
});

describe('EKS, ECR and Lambda answer with the shapes of the AWS models', () => {
  it('for the demo estate, successes and documented errors alike', async () => {
    // The demo's clusters, repositories and functions are in Production: read as its audit role.
    const r = await new STSClient(clientConfig({ url: sim.url })).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PRODUCTION}:role/MamoriAudit`, RoleSessionName: 'shapes' }));
    const credentials = { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
    const cfg = (region = 'us-east-1') => clientConfig({ url: proxyUrl }, { region, credentials, maxAttempts: 1 });
    for (const region of ['us-east-1', 'eu-west-1']) {
      const eks = new EKSClient(cfg(region));
      const names = (await eks.send(new ListClustersCommand({ maxResults: 1 }))).clusters ?? [];
      for (const name of names) await eks.send(new DescribeClusterCommand({ name }));
      const ecr = new ECRClient(cfg(region));
      await ecr.send(new GetRegistryScanningConfigurationCommand({}));
      for (const r of (await ecr.send(new DescribeRepositoriesCommand({}))).repositories ?? []) await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: r.repositoryName! })).catch(() => undefined);
      const lambda = new LambdaClient(cfg(region));
      for (const f of (await lambda.send(new ListFunctionsCommand({}))).Functions ?? []) await lambda.send(new GetPolicyCommand({ FunctionName: f.FunctionName! })).catch(() => undefined);
    }
    await new EKSClient(cfg()).send(new DescribeClusterCommand({ name: 'missing' })).catch(() => undefined);
    await new EKSClient(cfg()).send(new ListClustersCommand({ maxResults: 101 })).catch(() => undefined);
    await new ECRClient(cfg()).send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })).catch(() => undefined);
    await new LambdaClient(cfg()).send(new GetPolicyCommand({ FunctionName: 'missing' })).catch(() => undefined);
    await new LambdaClient(cfg()).send(new ListFunctionsCommand({ MaxItems: 51 })).catch(() => undefined);

    const ok = new Set(exchanges.filter((e) => e.status < 300).map((e) => e.key));
    const failed = new Set(exchanges.filter((e) => e.status >= 300).map((e) => e.key));
    expect([...exchanges.map((e) => e.problems).flat()]).toEqual([]);
    for (const k of ['eks:ListClusters', 'eks:DescribeCluster', 'ecr:DescribeRepositories', 'ecr:GetRegistryScanningConfiguration', 'ecr:GetLifecyclePolicy', 'lambda:ListFunctions', 'lambda:GetPolicy']) {
      expect(ok, `no successful ${k} was checked`).toContain(k);
    }
    for (const k of ['eks:DescribeCluster', 'eks:ListClusters', 'ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'lambda:GetPolicy', 'lambda:ListFunctions']) expect(failed, `no failing ${k} was checked`).toContain(k);
  });
});
