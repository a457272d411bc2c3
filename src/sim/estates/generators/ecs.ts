import type { EstateContainer, EstateEcsCluster, EstateTaskDefinition } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const USERS = [undefined, 'root', '0', '0:0', '1000', 'app:app', 'nobody'];

function runsAsRoot(user: string | undefined): boolean {
  const name = (user ?? '').split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}

/**
 * ECS task definitions (one revision per family: awsvpc, bridge or host networking, host PID, containers
 * privileged or not, root or not, read-only root or not, with or without logs and credentials in their
 * environment) and clusters (Container Insights on or off) with one service each (Fargate on a current or
 * old platform, or EC2; public IPs or not).
 */
export const ecs: GeneratorPiece = {
  name: 'ecs',
  resourceTypes: ['aws.ecs.task-definition', 'aws.ecs.cluster', 'aws.ecs.service'],
  policies: [
    'aws-ecs-taskdef-env-secrets',
    'aws-ecs-taskdef-host-network-root',
    'aws-ecs-taskdef-host-pid',
    'aws-ecs-taskdef-no-logging',
    'aws-ecs-taskdef-privileged',
    'aws-ecs-taskdef-writable-root-fs',
    'aws-ecs-cluster-container-insights-off',
    'aws-ecs-fargate-old-platform',
    'aws-ecs-service-public-ip',
  ],
  resources: (s) => s.accounts * s.regions * s.each * 3,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const families: EstateTaskDefinition[] = [];
    const clusters: EstateEcsCluster[] = [];
    for (const { account, region } of places(ctx)) {
      const here: EstateTaskDefinition[] = [];
      for (let i = 0; i < ctx.spec.each; i++) {
        // The first family of each place runs on awsvpc, so that every service has one to run.
        const networkMode = i === 0 ? 'awsvpc' : pick(['awsvpc', 'bridge', 'host'] as const);
        const containers: EstateContainer[] = ['app', 'sidecar'].slice(0, 1 + Math.floor(r() * 2)).map((name) => {
          const user = pick(USERS);
          const secret: Record<string, string> = bad() ? (r() < 0.5 ? { AWS_SECRET_ACCESS_KEY: 'redacted' } : { aws_access_key_id: 'redacted' }) : {};
          return {
            name,
            image: `${account}.dkr.ecr.${region}.amazonaws.com/gen/app-${i}:1`,
            ...(bad() ? { privileged: true } : r() < 0.5 ? { privileged: false } : {}),
            ...(bad() ? (r() < 0.5 ? { readonlyRootFilesystem: false } : {}) : { readonlyRootFilesystem: true }),
            ...(user ? { user } : {}),
            ...(bad() ? {} : { logDriver: 'awslogs' }),
            environment: { LOG_LEVEL: 'info', ...secret },
          };
        });
        here.push({ account, region, family: `gen-task-${i}`, networkMode, ...(networkMode !== 'awsvpc' && bad() ? { pidMode: 'host' as const } : {}), containers });
      }
      families.push(...here);
      const awsvpc = here.filter((t) => t.networkMode === 'awsvpc');
      for (let i = 0; i < ctx.spec.each; i++) {
        const fargate = r() < 0.7;
        const family = fargate ? pick(awsvpc) : pick(here);
        clusters.push({
          account,
          region,
          name: `gen-cluster-${i}`,
          ...(bad() ? (r() < 0.5 ? { containerInsights: 'disabled' as const } : {}) : { containerInsights: pick(['enabled', 'enhanced'] as const) }),
          services: [
            {
              name: `gen-service-${i}`,
              taskDefinition: family.family,
              launchType: fargate ? 'FARGATE' : 'EC2',
              ...(fargate ? (bad() ? { platformVersion: pick(['1.3.0', '1.2.0', '1.0.0']) } : r() < 0.5 ? { platformVersion: pick(['LATEST', '1.4.0']) } : {}) : {}),
              ...(family.networkMode === 'awsvpc' && fargate ? { assignPublicIp: bad() ? ('ENABLED' as const) : ('DISABLED' as const) } : {}),
            },
          ],
        });
      }
    }
    (ctx.doc.ecsTaskDefinitions ??= []).push(...families);
    (ctx.doc.ecsClusters ??= []).push(...clusters);
    return {
      truth() {
        const truth = new Truth();
        for (const t of families) {
          const arn = `arn:aws:ecs:${t.region}:${t.account}:task-definition/${t.family}:1`;
          const each = (policy: string, violates: (c: EstateContainer) => boolean) => truth.add(policy, arn, t.account, t.region, t.containers.filter(violates).map((c) => `container:${c.name}`));
          each('aws-ecs-taskdef-privileged', (c) => c.privileged === true);
          each('aws-ecs-taskdef-writable-root-fs', (c) => c.readonlyRootFilesystem !== true);
          each('aws-ecs-taskdef-no-logging', (c) => !c.logDriver);
          each('aws-ecs-taskdef-env-secrets', (c) => Object.keys(c.environment ?? {}).some((k) => ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'ECS_ENGINE_AUTH_DATA'].includes(k.toUpperCase())));
          each('aws-ecs-taskdef-host-network-root', (c) => t.networkMode === 'host' && (c.privileged === true || runsAsRoot(c.user)));
          if (t.pidMode === 'host') truth.add('aws-ecs-taskdef-host-pid', arn, t.account, t.region, paths('pidMode'));
        }
        for (const c of clusters) {
          if (c.containerInsights !== 'enabled' && c.containerInsights !== 'enhanced') truth.add('aws-ecs-cluster-container-insights-off', `arn:aws:ecs:${c.region}:${c.account}:cluster/${c.name}`, c.account, c.region, paths('containerInsights'));
          for (const s of c.services ?? []) {
            const arn = `arn:aws:ecs:${c.region}:${c.account}:service/${c.name}/${s.name}`;
            // 1.0.0 is current only for Windows: on a service with no platform family (Linux) it is old, and the family is evidence too.
            if (s.launchType === 'FARGATE' && !['LATEST', '1.4.0', undefined].includes(s.platformVersion)) {
              truth.add('aws-ecs-fargate-old-platform', arn, c.account, c.region, s.platformVersion === '1.0.0' ? paths('launchType', 'platformVersion', 'platformFamily') : paths('launchType', 'platformVersion'));
            }
            if (s.assignPublicIp === 'ENABLED') truth.add('aws-ecs-service-public-ip', arn, c.account, c.region, paths('assignPublicIp'));
          }
        }
        return truth.entries;
      },
    };
  },
};
