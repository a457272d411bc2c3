import { z } from 'zod';
import { known, NO_EVIDENCE } from '../read.ts';
import { oneOf, strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';
import type { Evidence } from '../../core/index.ts';
import type { ContainerDefinitionConfig } from '../../resources/aws/ecs/task-definition.ts';

const CHECKS = ['privileged', 'writable-root-fs', 'no-logging', 'env-credentials', 'host-network-root'] as const;
type Check = (typeof CHECKS)[number];

const params = strictObject('matcher ecs-container', {
  matcher: z.literal('ecs-container'),
  checks: z.array(oneOf(CHECKS)).min(1).default([...CHECKS]),
});

export type EcsContainerParams = z.output<typeof params>;

/** The variable names FSBP ECS.8 treats as credentials (compared case-insensitively). */
export const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'ECS_ENGINE_AUTH_DATA'];

/** A user that is root: unset (the image's default, root for most images), `root` or uid 0, with or without a group. */
function runsAsRoot(user: string | null): boolean {
  if (user === null || user.trim() === '') return true;
  const name = user.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}

/** Why the container violates the check, or undefined when it does not. */
function violation(check: Check, c: ContainerDefinitionConfig, networkMode: string | null): { summary: string; data: Record<string, unknown> } | undefined {
  switch (check) {
    case 'privileged':
      return c.privileged === true ? { summary: `container ${c.name} is privileged`, data: { privileged: true } } : undefined;
    case 'writable-root-fs':
      return c.readonlyRootFilesystem === true ? undefined : { summary: `container ${c.name} has a writable root filesystem (readonlyRootFilesystem ${c.readonlyRootFilesystem === null ? 'not set' : 'false'})`, data: { readonlyRootFilesystem: c.readonlyRootFilesystem } };
    case 'no-logging':
      return c.logDriver === null ? { summary: `container ${c.name} has no log configuration`, data: { logDriver: null } } : undefined;
    case 'env-credentials': {
      const names = c.environmentNames.filter((n) => CREDENTIAL_VARIABLES.includes(n.toUpperCase()));
      return names.length ? { summary: `container ${c.name} sets ${names.join(', ')} in its environment`, data: { variables: names } } : undefined;
    }
    case 'host-network-root': {
      if (networkMode !== 'host') return undefined;
      if (c.privileged === true) return { summary: `container ${c.name} is privileged on the host network`, data: { networkMode, privileged: true, user: c.user } };
      return runsAsRoot(c.user) ? { summary: `container ${c.name} runs as ${c.user ?? 'the image default user (root)'} on the host network`, data: { networkMode, privileged: c.privileged, user: c.user } } : undefined;
    }
  }
}

/**
 * Container definitions of a task definition that break one of the chosen rules (all by default): one
 * evidence item per container, listing the rules it breaks.
 */
export const ecsContainer = defineMatcher({
  name: 'ecs-container',
  description: 'Container definitions of an ECS task definition that are privileged, have a writable root filesystem, no log configuration, credentials in their environment, or run as root on the host network.',
  resourceTypes: ['aws.ecs.task-definition'],
  params,
  reads: ['containers', 'networkMode'],
  permissions: ['ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'],
  create(p) {
    const checks = [...new Set(p.checks)];
    const needsNetwork = checks.includes('host-network-root');
    return (resource) => {
      const containers = known<ContainerDefinitionConfig[]>(resource, 'containers');
      const networkMode = needsNetwork ? known<string | null>(resource, 'networkMode') : null;
      let evidence: Evidence[] | undefined;
      for (const c of containers) {
        // Lists are made only for a container that breaks a rule: most containers of most task definitions do not.
        let broken: Check[] | undefined;
        let found: Array<{ summary: string; data: Record<string, unknown> }> | undefined;
        for (let i = 0; i < checks.length; i++) {
          const v = violation(checks[i] as Check, c, networkMode);
          if (v === undefined) continue;
          (broken ??= []).push(checks[i] as Check);
          (found ??= []).push(v);
        }
        if (broken === undefined || found === undefined) continue;
        const data: Record<string, unknown> = { container: c.name, checks: broken };
        for (const v of found) Object.assign(data, v.data);
        (evidence ??= []).push({ id: `container:${c.name}`, kind: 'container-definition', summary: found.map((v) => v.summary).join('; '), data });
      }
      return evidence ?? NO_EVIDENCE;
    };
  },
});
