import { describe, expect, it } from 'vitest';
import type { Resource } from '../../core/index.ts';
import type { ContainerDefinitionConfig } from '../../resources/aws/ecs/task-definition.ts';
import { ecsContainer } from './ecs-container.ts';

const matcher = (checks?: string[]) => ecsContainer.create(ecsContainer.params.parse(checks ? { matcher: 'ecs-container', checks } : { matcher: 'ecs-container' }));

function container(name: string, over: Partial<ContainerDefinitionConfig> = {}): ContainerDefinitionConfig {
  return { name, image: `${name}:1`, privileged: null, readonlyRootFilesystem: true, user: '1000', logDriver: 'awslogs', environmentNames: [], ...over };
}

function taskDef(containers: ContainerDefinitionConfig[] | undefined, networkMode: string | null | undefined = 'awsvpc'): Resource {
  const config: Record<string, unknown> = { family: 'app', revision: 1, networkMode, pidMode: null };
  if (containers) config['containers'] = containers;
  return { type: 'aws.ecs.task-definition', id: 'app:1', arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1', account: '123456789012', region: 'us-east-1', tags: {}, config } as Resource;
}

describe('ecs-container: one evidence item per offending container', () => {
  it('names each privileged container, not the others', () => {
    const ev = matcher(['privileged'])(taskDef([container('a', { privileged: true }), container('b', { privileged: false }), container('c', { privileged: true })]));
    expect(ev.map((e) => e.id)).toEqual(['container:a', 'container:c']);
    expect(ev[0]).toMatchObject({ kind: 'container-definition', data: { container: 'a', checks: ['privileged'], privileged: true } });
  });

  it('treats readonlyRootFilesystem false and not set as writable', () => {
    const ev = matcher(['writable-root-fs'])(taskDef([container('a', { readonlyRootFilesystem: false }), container('b', { readonlyRootFilesystem: null }), container('c')]));
    expect(ev.map((e) => e.id)).toEqual(['container:a', 'container:b']);
  });

  it('finds containers without a log driver', () => {
    expect(matcher(['no-logging'])(taskDef([container('a', { logDriver: null }), container('b', { logDriver: 'awsfirelens' })])).map((e) => e.id)).toEqual(['container:a']);
  });

  it('names credential variables, in any case, and ignores look-alikes', () => {
    const ev = matcher(['env-credentials'])(taskDef([container('a', { environmentNames: ['aws_secret_access_key', 'AWS_ACCESS_KEY_ID_FILE'] }), container('b', { environmentNames: ['AWS_REGION'] })]));
    expect(ev).toEqual([expect.objectContaining({ id: 'container:a', data: { container: 'a', checks: ['env-credentials'], variables: ['aws_secret_access_key'] } })]);
  });

  it('on the host network, fails root (unset, root, 0, 0:0) and privileged containers only', () => {
    const cs = [container('unset', { user: null }), container('root', { user: 'root' }), container('uid0', { user: '0:0' }), container('priv', { privileged: true }), container('app', { user: 'app' }), container('rooty', { user: 'rootless' })];
    expect(matcher(['host-network-root'])(taskDef(cs, 'host')).map((e) => e.id)).toEqual(['container:unset', 'container:root', 'container:uid0', 'container:priv']);
    expect(matcher(['host-network-root'])(taskDef(cs, 'awsvpc'))).toEqual([]);
    expect(matcher(['host-network-root'])(taskDef(cs, null))).toEqual([]);
  });

  it('checks every rule by default and lists the rules each container breaks', () => {
    const ev = matcher()(taskDef([container('a', { privileged: true, logDriver: null }), container('b')]));
    expect(ev.map((e) => [e.id, e.data['checks']])).toEqual([['container:a', ['privileged', 'no-logging']]]);
  });
});

describe('ecs-container: unknown data', () => {
  it('throws when the container definitions were not read', () => {
    expect(() => matcher(['privileged'])(taskDef(undefined))).toThrow('config.containers unknown');
  });

  it('throws when the network mode is unknown for the host-network rule only', () => {
    const td = taskDef([container('a', { user: null })]);
    delete td.config['networkMode'];
    expect(() => matcher(['host-network-root'])(td)).toThrow('config.networkMode unknown');
    expect(matcher(['privileged'])(td)).toEqual([]);
  });

  it('refuses an unknown rule with the closest one suggested, and an empty list', () => {
    expect(ecsContainer.params.safeParse({ matcher: 'ecs-container', checks: ['privilegd'] }).error?.issues[0]?.message).toContain('did you mean "privileged"');
    expect(ecsContainer.params.safeParse({ matcher: 'ecs-container', checks: [] }).success).toBe(false);
  });
});
