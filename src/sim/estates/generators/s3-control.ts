import type { EstateS3AccessPoint, EstateS3DirectoryBucket, EstateS3MultiRegionAccessPoint, PublicAccessBlockSpec } from '../types.ts';
import { multiRegionAccessPointAlias } from '../../services/s3/settings.ts';
import { pabEvidence } from './s3.ts';
import { paths, Truth, type GeneratorPiece } from './types.ts';

const ALL_ON: PublicAccessBlockSpec = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const ZONES: Record<string, string> = { 'us-east-1': 'use1-az4', 'us-east-2': 'use2-az1', 'us-west-1': 'usw1-az1', 'us-west-2': 'usw2-az1', 'eu-west-1': 'euw1-az1', 'eu-central-1': 'euc1-az1', 'ap-northeast-1': 'apne1-az1', 'ap-southeast-2': 'apse2-az1' };

/** Block Public Access with one or two settings off (a partner or website integration that needed it once). */
function weakened(pick: <T>(items: readonly T[]) => T): PublicAccessBlockSpec {
  return pick([
    { ...ALL_ON, blockPublicPolicy: false, restrictPublicBuckets: false },
    { ...ALL_ON, ignorePublicAcls: false },
    { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
  ]);
}

/**
 * S3 Control and S3 Express resources, per account: `each` access points on the account's generated
 * buckets (in the bucket's Region), two Multi-Region Access Points over them, and `each` directory
 * buckets per Region with or without an expiring lifecycle rule. Runs after the bucket piece.
 */
export const s3Control: GeneratorPiece = {
  name: 's3-control',
  resourceTypes: ['aws.s3.access-point', 'aws.s3.multi-region-access-point', 'aws.s3.directory-bucket'],
  policies: ['aws-s3-access-point-public-access-block-disabled', 'aws-s3-mrap-public-access-block-disabled', 'aws-s3-directory-bucket-lifecycle-missing'],
  resources: (s) => s.accounts * (Math.min(s.each, s.buckets) + Math.min(2, s.buckets) + s.each * s.regions),
  plan(ctx) {
    const aps: (EstateS3AccessPoint & { region: string })[] = [];
    const mraps: EstateS3MultiRegionAccessPoint[] = [];
    const dirs: EstateS3DirectoryBucket[] = [];
    for (const a of ctx.accounts) {
      const buckets = (ctx.doc.buckets ?? []).filter((b) => b.account === a.id);
      for (const [i, b] of buckets.slice(0, ctx.spec.each).entries()) {
        const ap: EstateS3AccessPoint & { region: string } = { account: a.id, name: `ap-${i}-${a.id.slice(-4)}`, bucket: b.name, region: b.region };
        if (ctx.r() < 0.3) ap.vpcId = 'vpc-0a1b2c3d4e5f60718';
        if (ctx.bad()) ap.publicAccessBlock = weakened(ctx.pick);
        aps.push(ap);
      }
      for (const [i, b] of buckets.slice(0, 2).entries()) {
        const m: EstateS3MultiRegionAccessPoint = { account: a.id, name: `mrap-${i}-${a.id.slice(-4)}`, buckets: [b.name] };
        // The first account's second Multi-Region Access Point is always weakened, so the policy fails somewhere.
        if (ctx.bad() || (a === ctx.accounts[0] && i === 1)) m.publicAccessBlock = weakened(ctx.pick);
        mraps.push(m);
      }
      for (const region of ctx.regions) {
        for (let i = 0; i < ctx.spec.each; i++) {
          const d: EstateS3DirectoryBucket = { account: a.id, region, name: `gen-${ctx.spec.seed}-${a.id.slice(-4)}-${i}--${ZONES[region] ?? 'use1-az4'}--x-s3` };
          const life = ctx.r();
          if (ctx.bad()) {
            if (life < 0.5) d.lifecycle = [{ id: 'abort-uploads', abortDays: 1 }];
          } else d.lifecycle = [{ id: 'expire', expirationDays: 1 + Math.floor(life * 30) }];
          dirs.push(d);
        }
      }
    }
    (ctx.doc.s3AccessPoints ??= []).push(...aps.map(({ region: _region, ...ap }) => ap));
    (ctx.doc.s3MultiRegionAccessPoints ??= []).push(...mraps);
    (ctx.doc.s3DirectoryBuckets ??= []).push(...dirs);
    return {
      truth() {
        const truth = new Truth();
        for (const ap of aps) {
          truth.add('aws-s3-access-point-public-access-block-disabled', `arn:aws:s3:${ap.region}:${ap.account}:accesspoint/${ap.name}`, ap.account, ap.region, ap.publicAccessBlock ? pabEvidence(ap.publicAccessBlock) : []);
        }
        for (const m of mraps) {
          // Reported in the home Region (the generated estate's first).
          truth.add('aws-s3-mrap-public-access-block-disabled', `arn:aws:s3::${m.account}:accesspoint/${multiRegionAccessPointAlias(m.account, m.name)}`, m.account, ctx.regions[0]!, m.publicAccessBlock ? pabEvidence(m.publicAccessBlock) : []);
        }
        for (const d of dirs) {
          const expiring = (d.lifecycle ?? []).some((l) => (l.status ?? 'Enabled') === 'Enabled' && l.expirationDays);
          truth.add('aws-s3-directory-bucket-lifecycle-missing', `arn:aws:s3express:${d.region}:${d.account}:bucket/${d.name}`, d.account, d.region, expiring ? [] : paths('enabledExpirationRules'));
        }
        return truth.entries;
      },
    };
  },
};
