import { launchTemplateState } from '../../services/ec2/launch-templates.ts';
import type { EstateBlockDevice, EstateLaunchTemplate, EstateSpotFleetRequest } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

type Version = EstateLaunchTemplate['versions'][number];

const unencrypted = (volumes: readonly EstateBlockDevice[] | undefined) => (volumes ?? []).some((v) => v.encrypted !== true);

/**
 * EC2 launch templates (one or two versions, the first or the last the default; IMDSv1 left on or the metadata
 * endpoint off, volumes that do not ask for encryption, a public IP) and Spot Fleet requests (launch
 * specifications with or without unencrypted volumes, or a launch template, which the fleet policy leaves alone).
 */
export const ec2LaunchTemplates: GeneratorPiece = {
  name: 'ec2-launch-templates',
  resourceTypes: ['aws.ec2.launch-template', 'aws.ec2.spot-fleet-request'],
  policies: ['aws-ec2-launch-template-imdsv1', 'aws-ec2-launch-template-ebs-unencrypted', 'aws-ec2-launch-template-public-ip', 'aws-ec2-spot-fleet-ebs-unencrypted'],
  resources: (s) => 2 * s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, r } = ctx;
    const templates: EstateLaunchTemplate[] = [];
    const fleets: EstateSpotFleetRequest[] = [];
    const version = (): Version => ({
      ...(bad() ? (r() < 0.5 ? { httpTokens: 'optional' as const } : {}) : r() < 0.2 ? { httpEndpoint: 'disabled' as const } : { httpTokens: 'required' as const }),
      volumes: [{ device: '/dev/xvda', ...(bad() ? (r() < 0.5 ? { encrypted: false } : {}) : { encrypted: true }) }],
      ...(bad() ? { publicIp: true } : r() < 0.5 ? { publicIp: false } : {}),
    });
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const versions = r() < 0.5 ? [version()] : [version(), version()];
        const t: EstateLaunchTemplate = { account, region, name: `gen-lt-${i}`, versions, ...(versions.length === 2 && r() < 0.5 ? { defaultVersion: 2 } : {}) };
        templates.push(t);
        const fromTemplate = r() < 0.2;
        fleets.push({
          account,
          region,
          name: `gen-fleet-${i}`,
          ...(fromTemplate ? { launchTemplate: t.name } : { volumes: [{ device: '/dev/xvda', encrypted: true }, { device: '/dev/sdf', ...(bad() ? {} : { encrypted: true }) }] }),
        });
      }
    }
    (ctx.doc.launchTemplates ??= []).push(...templates);
    (ctx.doc.spotFleetRequests ??= []).push(...fleets);
    return {
      truth(world) {
        const truth = new Truth();
        for (const t of templates) {
          const state = launchTemplateState(world, t.account, t.region);
          const id = state.launchTemplates.find((x) => x.LaunchTemplateName === t.name)!.LaunchTemplateId;
          const arn = `arn:aws:ec2:${t.region}:${t.account}:launch-template/${id}`;
          const def = t.versions[(t.defaultVersion ?? 1) - 1]!;
          const latest = t.versions[t.versions.length - 1]!;
          if (def.httpEndpoint !== 'disabled' && def.httpTokens !== 'required') truth.add('aws-ec2-launch-template-imdsv1', arn, t.account, t.region, paths('httpEndpoint', 'httpTokens'));
          if (unencrypted(def.volumes)) truth.add('aws-ec2-launch-template-ebs-unencrypted', arn, t.account, t.region, paths('unencryptedVolumes'));
          if (def.publicIp === true || latest.publicIp === true) truth.add('aws-ec2-launch-template-public-ip', arn, t.account, t.region, paths('publicIpInterfaces'));
        }
        for (const f of fleets) {
          if (!unencrypted(f.volumes)) continue;
          const state = launchTemplateState(world, f.account, f.region);
          const id = state.spotFleetRequests.find((x) => x.Tags.some((tag) => tag.Key === 'Name' && tag.Value === f.name))!.SpotFleetRequestId;
          truth.add('aws-ec2-spot-fleet-ebs-unencrypted', `arn:aws:ec2:${f.region}:${f.account}:spot-fleet-request/${id}`, f.account, f.region, paths('unencryptedVolumes'));
        }
        return truth.entries;
      },
    };
  },
};
