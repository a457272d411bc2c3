import type { EstateEmrBlockPublicAccess, EstateEmrCluster, EstateEmrSecurityConfiguration } from '../types.ts';
import { peekEmrState } from '../../services/emr/model.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * EMR: every account and region has its block public access configuration (AWS's default, or one set on, off, or
 * permitting more than SSH); per place and index an active cluster (instance groups or fleets) whose primary node
 * is public or not, and a security configuration with or without at-rest and in-transit encryption.
 */
export const emr: GeneratorPiece = {
  name: 'emr',
  resourceTypes: ['aws.emr.account', 'aws.emr.cluster', 'aws.emr.security-configuration'],
  policies: ['aws-emr-block-public-access-off', 'aws-emr-primary-node-public-ip', 'aws-emr-security-config-no-at-rest', 'aws-emr-security-config-no-in-transit'],
  // The account settings exist in every account and region, set or not.
  resources: (s) => s.accounts * s.regions * (1 + 2 * s.each),
  plan(ctx) {
    const { bad, pick } = ctx;
    const access: EstateEmrBlockPublicAccess[] = [];
    const clusters: EstateEmrCluster[] = [];
    const configs: EstateEmrSecurityConfiguration[] = [];
    for (const { account, region } of places(ctx)) {
      if (bad()) access.push({ account, region, ...pick([{ block: false, permittedPorts: ['22'] }, { block: true, permittedPorts: ['22', '8443'] }, { block: false, permittedPorts: ['0-1024'] }]) });
      else if (ctx.r() < 0.5) access.push({ account, region, ...pick([{ block: true, permittedPorts: [] }, { block: true, permittedPorts: ['22'] }]) });
      for (let i = 0; i < ctx.spec.each; i++) {
        clusters.push({ account, region, name: `gen-emr-${i}`, state: pick(['WAITING', 'RUNNING'] as const), primaryPublic: bad(), fleets: pick([false, true]) });
        configs.push({ account, region, name: `gen-emr-security-${i}`, atRest: !bad(), inTransit: !bad() });
      }
    }
    (ctx.doc.emrBlockPublicAccess ??= []).push(...access);
    (ctx.doc.emrClusters ??= []).push(...clusters);
    (ctx.doc.emrSecurityConfigurations ??= []).push(...configs);
    return {
      truth(world) {
        const truth = new Truth();
        for (const b of access) {
          const beyond = b.permittedPorts.some((p) => p !== '22');
          truth.add('aws-emr-block-public-access-off', `arn:aws:elasticmapreduce:${b.region}:${b.account}:block-public-access-configuration`, b.account, b.region, paths(...(b.block ? [] : ['blockPublicSecurityGroupRules']), ...(beyond ? ['permittedBeyondSsh'] : [])));
        }
        for (const c of clusters) {
          if (!c.primaryPublic) continue;
          // The cluster id is the endpoint's to assign.
          const id = peekEmrState(world, c.account, c.region)!.clusters.find((x) => x.Name === c.name)!.Id;
          truth.add('aws-emr-primary-node-public-ip', `arn:aws:elasticmapreduce:${c.region}:${c.account}:cluster/${id}`, c.account, c.region, paths('primaryPublicIps'));
        }
        for (const s of configs) {
          const arn = `arn:aws:elasticmapreduce:${s.region}:${s.account}:security-configuration/${s.name}`;
          if (!s.atRest) truth.add('aws-emr-security-config-no-at-rest', arn, s.account, s.region, paths('atRestEncryption'));
          if (!s.inTransit) truth.add('aws-emr-security-config-no-in-transit', arn, s.account, s.region, paths('inTransitEncryption'));
        }
        return truth.entries;
      },
    };
  },
};
