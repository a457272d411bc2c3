import { ecsContainer } from './ecs-container.ts';
import { ec2InstanceStoppedTooLong } from './ec2-instance-stopped-too-long.ts';
import { ingressOpen } from './ingress-open.ts';
import { naclIngressOpen } from './nacl-ingress-open.ts';
import { peeringRouteBroad } from './peering-route-broad.ts';
import { rdsSnapshotPublic } from './rds-snapshot-public.ts';
import { resourcePolicyPublic } from './resource-policy-public.ts';
import { s3NoDefaultEncryption } from './s3-no-default-encryption.ts';
import { s3InsecureTransport } from './s3-insecure-transport.ts';
import { s3PublicAcl } from './s3-public-acl.ts';
import { s3PublicPolicy } from './s3-public-policy.ts';
import type { Matcher } from './types.ts';

export type { Matcher, MatchFn } from './types.ts';

/** Every named matcher, keyed by its stable name (which is also its file name). */
export const MATCHERS: ReadonlyMap<string, Matcher<unknown>> = new Map(
  ([ingressOpen, s3PublicAcl, s3PublicPolicy, rdsSnapshotPublic, s3NoDefaultEncryption, ecsContainer, ec2InstanceStoppedTooLong, naclIngressOpen, peeringRouteBroad, resourcePolicyPublic, s3InsecureTransport] as Matcher<never>[]).map((m) => [
    m.name,
    m as unknown as Matcher<unknown>,
  ]),
);

export function getMatcher(name: string): Matcher<unknown> | undefined {
  return MATCHERS.get(name);
}
