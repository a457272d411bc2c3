import { DeletePublicAccessBlockCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { S3AccountConfig } from '../../../resources/aws/s3/account.ts';
import { classifyAwsError } from '../../../aws/errors.ts';
import { sdk } from '../../kit/sdk.ts';
import { settingAction, type Settings } from '../../kit/setting.ts';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const NOT_CONFIGURED: Settings = { BlockPublicAcls: null, IgnorePublicAcls: null, BlockPublicPolicy: null, RestrictPublicBuckets: null };

/**
 * s3-account-block-public-access: turns on the four account-level Block Public Access settings (S3 Control
 * PutPublicAccessBlock), never turning one off. Undo puts the previous settings back, or deletes the
 * configuration when there was none.
 */
export const s3AccountBlockPublicAccess = settingAction({
  id: 's3-account-block-public-access',
  title: 'Turn on account-level S3 Block Public Access',
  description:
    's3control:PutPublicAccessBlock for the account with BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets true (a setting already on stays on). Keeps every bucket and access point setting. Undo: the previous settings, or s3control:DeletePublicAccessBlock when the account had none.',
  resourceType: 'aws.s3.account',
  sdk: [
    sdk(
      S3ControlClient,
      { PutPublicAccessBlockCommand, GetPublicAccessBlockCommand, DeletePublicAccessBlockCommand },
      { iam: 's3', permissions: { GetPublicAccessBlock: 's3:GetAccountPublicAccessBlock', PutPublicAccessBlock: 's3:PutAccountPublicAccessBlock', DeletePublicAccessBlock: 's3:PutAccountPublicAccessBlock' } },
    ),
  ],
  settings: FLAGS,
  async read(api, target) {
    try {
      const r = await api.client(S3ControlClient).send(new GetPublicAccessBlockCommand({ AccountId: target.account }));
      const c = r.PublicAccessBlockConfiguration ?? {};
      return Object.fromEntries(FLAGS.map((k) => [k, c[k] === true]));
    } catch (e) {
      // NoSuchPublicAccessBlockConfiguration: not configured, every setting absent.
      if (classifyAwsError(e).kind === 'not-found') return { ...NOT_CONFIGURED };
      throw e;
    }
  },
  fromResource(r) {
    const c = r.config as Partial<S3AccountConfig>;
    if (c.publicAccessBlock === undefined) return undefined;
    if (c.publicAccessBlock === null) return { ...NOT_CONFIGURED };
    const p = c.publicAccessBlock;
    return { BlockPublicAcls: p.blockPublicAcls, IgnorePublicAcls: p.ignorePublicAcls, BlockPublicPolicy: p.blockPublicPolicy, RestrictPublicBuckets: p.restrictPublicBuckets };
  },
  violations: (s) => FLAGS.filter((k) => s[k] !== true).map((k) => `${k} ${s[k] === null ? 'not configured' : 'off'}`),
  fix: (s) => Object.fromEntries(FLAGS.filter((k) => s[k] !== true).map((k) => [k, true])),
  write(values, current, target) {
    const next = { ...current.settings, ...values };
    // Back to "not configured" (an undo): the configuration is deleted, as it was.
    if (FLAGS.every((k) => next[k] === null)) return { operation: 'DeletePublicAccessBlock', params: { AccountId: target.account }, purpose: 'delete the account-level Block Public Access configuration (there was none)' };
    const config = Object.fromEntries(FLAGS.map((k) => [k, next[k] === true]));
    return { operation: 'PutPublicAccessBlock', params: { AccountId: target.account, PublicAccessBlockConfiguration: config }, purpose: `set account-level Block Public Access (${FLAGS.filter((k) => config[k]).join(', ') || 'all off'})` };
  },
  describe: (k, v) => `${k}: ${v === null ? 'not configured' : v ? 'on' : 'off'}`,
});
