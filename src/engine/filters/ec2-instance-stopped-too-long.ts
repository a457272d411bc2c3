import { z } from 'zod';
import { known, NO_EVIDENCE } from '../read.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

/** FSBP EC2.4's default (its `AllowedDays` parameter) and Prowler's `max_ec2_instance_stopped_days`. */
export const DEFAULT_ALLOWED_DAYS = 30;

const params = strictObject('matcher ec2-instance-stopped-too-long', {
  matcher: z.literal('ec2-instance-stopped-too-long'),
  allowedDays: z.number().int().min(1).max(3650).default(DEFAULT_ALLOWED_DAYS),
});

export type Ec2InstanceStoppedTooLongParams = z.output<typeof params>;

/**
 * A stopped instance whose stop time (from `StateTransitionReason`) lies more than `allowedDays` whole
 * days before the scan. A running instance gives no evidence; a stopped one whose stop time is
 * unknown is an error, never a pass.
 */
export const ec2InstanceStoppedTooLong = defineMatcher({
  name: 'ec2-instance-stopped-too-long',
  description: 'Instances stopped for more than allowedDays (default 30) whole days before the scan.',
  resourceTypes: ['aws.ec2.instance'],
  params,
  reads: ['state', 'stoppedAt', 'stoppedDays'],
  permissions: ['ec2:DescribeInstances'],
  create(p) {
    return (resource) => {
      if (known<string>(resource, 'state') !== 'stopped') return NO_EVIDENCE;
      const days = known<number | null>(resource, 'stoppedDays');
      if (days === null || days <= p.allowedDays) return NO_EVIDENCE;
      const at = resource.config['stoppedAt'];
      return [
        {
          id: 'path:config.stoppedDays',
          kind: 'setting',
          summary: `stopped for ${days} days${typeof at === 'string' ? ` (since ${at})` : ''}, more than the ${p.allowedDays} allowed`,
          data: { stoppedAt: at ?? null, stoppedDays: days, allowedDays: p.allowedDays },
        },
      ];
    };
  },
});
