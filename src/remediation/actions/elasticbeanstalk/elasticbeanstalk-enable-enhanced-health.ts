import { z } from 'zod';
import { MamoriError } from '../../../core/errors.ts';
import type { Settings } from '../../kit/setting.ts';
import { optionAction } from './common.ts';

const SYSTEM = 'aws:elasticbeanstalk:healthreporting:system:SystemType';
const ROLE = 'aws:elasticbeanstalk:environment:ServiceRole';

const params = z.strictObject({
  serviceRole: z
    .string()
    .regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/)?[\w+=,.@/-]{1,64}$/, { error: 'expected an IAM role name or ARN' })
    .optional()
    .describe('The service role for an environment that has none (enhanced health reads health through it); an existing role is never replaced.'),
});

/**
 * elasticbeanstalk-enable-enhanced-health: switches health reporting from basic to enhanced. Enhanced reporting
 * needs the environment's service role; where the environment has none, the role must be given as parameter
 * (it is set in the same call, which takes iam:PassRole) — the action never invents one. An environment's
 * existing service role is never replaced.
 */
export const elasticbeanstalkEnableEnhancedHealth = optionAction<z.infer<typeof params>>({
  id: 'elasticbeanstalk-enable-enhanced-health',
  title: 'Turn on Elastic Beanstalk enhanced health reporting',
  description:
    'elasticbeanstalk:UpdateEnvironment with OptionSettings aws:elasticbeanstalk:healthreporting:system SystemType=enhanced, and aws:elasticbeanstalk:environment ServiceRole = the parameter serviceRole only where the environment has no service role (refused without it). Every other option setting stays. Undo: SystemType back, and a service role it set removed.',
  params,
  extraPermissions: ['iam:PassRole'],
  settings: [SYSTEM, ROLE],
  violations: (s) => (s[SYSTEM] !== null && s[SYSTEM] !== undefined && s[SYSTEM] !== 'enhanced' ? [`${SYSTEM} = ${String(s[SYSTEM])}`] : []),
  fix(s, p): Settings {
    const role = s[ROLE];
    if (typeof role === 'string' && role !== '') return { [SYSTEM]: 'enhanced' };
    if (!p.serviceRole) {
      throw new MamoriError('POLICY_INVALID', 'elasticbeanstalk-enable-enhanced-health needs the parameter serviceRole (the environment has no service role, which enhanced health reporting requires): set response.params.serviceRole in the policy');
    }
    return { [SYSTEM]: 'enhanced', [ROLE]: p.serviceRole };
  },
});
