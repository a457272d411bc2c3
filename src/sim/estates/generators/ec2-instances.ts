import { createVolume } from '../../services/ec2/ebs.ts';
import { createSubnet, defaultVpc, runInstance } from '../../services/ec2/model.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

interface PlannedInstance {
  account: string;
  region: string;
  imdsv2: boolean;
  profile: boolean;
  /** Launched in the default (public) subnet: a running instance gets a public IPv4 address. */
  publicSubnet: boolean;
  paravirtual: boolean;
  extraEnis: number;
  /** `long`: stopped more than a year ago; `recent`: three days before generation. */
  stopped: 'no' | 'long' | 'recent';
  id?: string;
}

interface PlannedVolume {
  account: string;
  region: string;
  /** Index of the instance (of the same account and region) it is attached to. */
  attachTo: number | undefined;
  encrypted: boolean;
  id?: string;
}

const DAY_MS = 86_400_000;
// Outside the default VPC's default subnets (172.31.0.0/20 per zone), so that the private subnet never overlaps them.
const PRIVATE_CIDR = '172.31.240.0/24';

/**
 * EC2 instances (IMDSv1 or v2, with or without a profile, public or private subnet, HVM or paravirtual,
 * one or two interfaces, running or stopped recently or long ago) and EBS volumes, some attached to them.
 * The estate document cannot say most of this, so they are launched through the EC2 model API.
 */
export const ec2Instances: GeneratorPiece = {
  name: 'ec2-instances',
  resourceTypes: ['aws.ec2.instance', 'aws.ec2.volume'],
  policies: [
    'aws-ec2-instance-imdsv1-allowed',
    'aws-ec2-instance-no-iam-profile',
    'aws-ec2-instance-public-ip',
    'aws-ec2-instance-paravirtual',
    'aws-ec2-instance-multiple-enis',
    'aws-ec2-instance-stopped-too-long',
    'aws-ec2-ebs-volume-unencrypted',
  ],
  resources: (s) => s.accounts * s.regions * s.each * 2,
  plan(ctx) {
    const { r, bad } = ctx;
    const instances: PlannedInstance[][] = [];
    const volumes: PlannedVolume[] = [];
    for (const { account, region } of places(ctx)) {
      const here: PlannedInstance[] = [];
      for (let i = 0; i < ctx.spec.each; i++) {
        const roll = r();
        here.push({
          account,
          region,
          imdsv2: !bad(),
          profile: !bad(),
          publicSubnet: bad(),
          paravirtual: bad() && r() < 0.5,
          extraEnis: bad() ? 1 : 0,
          stopped: roll < ctx.spec.violationRate / 2 ? 'long' : roll < ctx.spec.violationRate ? 'recent' : 'no',
        });
      }
      instances.push(here);
      for (let v = 0; v < ctx.spec.each; v++) volumes.push({ account, region, attachTo: r() < 0.7 ? Math.floor(r() * here.length) : undefined, encrypted: !bad() });
    }
    const now = Date.now();
    return {
      afterBuild(world) {
        for (const here of instances) {
          if (here.length === 0) continue;
          const { account, region } = here[0]!;
          const privateSubnet = createSubnet(world, account, region, { vpcId: defaultVpc(world, account, region).vpcId, cidrBlock: PRIVATE_CIDR, mapPublicIpOnLaunch: false });
          here.forEach((p, i) => {
            const inst = runInstance(world, account, region, {
              tags: { Name: `gen-instance-${i}` },
              ...(p.publicSubnet ? {} : { subnetId: privateSubnet.subnetId }),
              ...(p.imdsv2 ? { httpTokens: 'required' as const } : {}),
              ...(p.profile ? { iamInstanceProfileArn: `arn:aws:iam::${account}:instance-profile/gen-app` } : {}),
              ...(p.paravirtual ? { virtualizationType: 'paravirtual' as const, instanceType: 'm1.small' } : {}),
              ...(p.extraEnis ? { extraNetworkInterfaces: p.extraEnis } : {}),
              ...(p.stopped === 'long' ? { stoppedAt: '2025-01-15T10:00:00.000Z' } : p.stopped === 'recent' ? { stoppedAt: new Date(now - 3 * DAY_MS).toISOString() } : {}),
            });
            p.id = inst.instanceId;
          });
        }
        let k = 0;
        for (const v of volumes) {
          const target = v.attachTo === undefined ? undefined : instances.find((h) => h[0]?.account === v.account && h[0]?.region === v.region)?.[v.attachTo];
          const vol = createVolume(world, v.account, v.region, { tags: { Name: `gen-volume-${k++}` }, ...(target ? { attachedTo: target.id! } : {}), ...(v.encrypted ? { encrypted: true } : {}) });
          v.id = vol.volumeId;
        }
      },
      truth() {
        const truth = new Truth();
        for (const p of instances.flat()) {
          const arn = `arn:aws:ec2:${p.region}:${p.account}:instance/${p.id!}`;
          const add = (policy: string, evidence: string[]) => truth.add(policy, arn, p.account, p.region, evidence);
          const running = p.stopped === 'no';
          if (!p.imdsv2) add('aws-ec2-instance-imdsv1-allowed', paths('metadataHttpEndpoint', 'metadataHttpTokens'));
          if (running && !p.profile) add('aws-ec2-instance-no-iam-profile', paths('state', 'iamInstanceProfileArn'));
          // A stopped instance has released its auto-assigned public address.
          if (running && p.publicSubnet) add('aws-ec2-instance-public-ip', paths('publicIpAddress'));
          if (p.paravirtual) add('aws-ec2-instance-paravirtual', paths('virtualizationType'));
          if (p.extraEnis) add('aws-ec2-instance-multiple-enis', paths('networkInterfaceCount'));
          if (p.stopped === 'long') add('aws-ec2-instance-stopped-too-long', paths('stoppedDays'));
        }
        for (const v of volumes) {
          // EBS encryption by default (the Region settings piece turns it on for some accounts) encrypts every new volume.
          const byDefault = ctx.accounts.find((a) => a.id === v.account)!.ebsEncryptionByDefault === true;
          if (v.attachTo !== undefined && !v.encrypted && !byDefault) truth.add('aws-ec2-ebs-volume-unencrypted', `arn:aws:ec2:${v.region}:${v.account}:volume/${v.id!}`, v.account, v.region, paths('state', 'encrypted'));
        }
        return truth.entries;
      },
    };
  },
};
