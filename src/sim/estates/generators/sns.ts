import type { EstateSnsTopic } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

const PREFIX: Record<string, string> = { https: 'HTTP', lambda: 'Lambda', sqs: 'SQS', firehose: 'Firehose' };

/**
 * SNS: per place and index a topic — CreateTopic's default policy (any principal pinned by AWS:SourceOwner), or one
 * with an extra statement open to anyone; encrypted or not; subscriptions over a few protocols (e-mail included),
 * each supporting protocol with or without a feedback role.
 */
export const sns: GeneratorPiece = {
  name: 'sns',
  resourceTypes: ['aws.sns.topic'],
  policies: ['aws-sns-topic-public', 'aws-sns-topic-unencrypted', 'aws-sns-delivery-status-logging-off'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick, r } = ctx;
    const planned: { t: EstateSnsTopic; open: boolean; unlogged: boolean }[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const name = `gen-topic-${i}`;
        const arn = `arn:aws:sns:${region}:${account}:${name}`;
        const open = bad();
        const t: EstateSnsTopic = { account, region, name };
        if (open || r() < 0.3) {
          const statements: Record<string, unknown>[] = [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe'], Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': account } } }];
          if (open) statements.push({ Sid: 'Open', Effect: 'Allow', Principal: pick(['*', { AWS: '*' }]), Action: pick(['SNS:Publish', 'SNS:Subscribe', 'SNS:*']), Resource: arn });
          else statements.push({ Sid: 'Org', Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: arn, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-gen0000000' } } });
          t.policy = { Version: '2012-10-17', Statement: statements };
        }
        if (!bad()) t.kmsKey = pick(['alias/aws/sns', `arn:aws:kms:${region}:${account}:key/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f`]);
        const protocols = [...new Set([pick(['lambda', 'sqs', 'https', 'firehose', 'email'] as const), ...(r() < 0.5 ? [pick(['lambda', 'sqs', 'email'] as const)] : [])])];
        t.subscriptions = protocols.map((p) => ({ protocol: p, endpoint: p === 'email' ? 'ops@example.com' : p === 'https' ? 'https://hooks.example.com/sns' : `arn:aws:${p}:${region}:${account}:gen-${p}-${i}` }));
        let unlogged = false;
        const feedback: Record<string, string> = {};
        for (const p of protocols) {
          const prefix = PREFIX[p];
          if (!prefix) continue;
          if (bad()) unlogged = true;
          else feedback[`${prefix}${pick(['Success', 'Failure'])}FeedbackRoleArn`] = `arn:aws:iam::${account}:role/SNSFeedback`;
        }
        if (Object.keys(feedback).length) t.feedback = feedback;
        planned.push({ t, open, unlogged });
      }
    }
    (ctx.doc.snsTopics ??= []).push(...planned.map((p) => p.t));
    return {
      truth() {
        const truth = new Truth();
        for (const { t, open, unlogged } of planned) {
          const arn = `arn:aws:sns:${t.region}:${t.account}:${t.name}`;
          if (open) truth.add('aws-sns-topic-public', arn, t.account, t.region, ['statement:Open']);
          if (!t.kmsKey) truth.add('aws-sns-topic-unencrypted', arn, t.account, t.region, paths('kmsMasterKeyId'));
          if (unlogged) truth.add('aws-sns-delivery-status-logging-off', arn, t.account, t.region, paths('protocolsWithoutDeliveryLogging'));
        }
        return truth.entries;
      },
    };
  },
};
