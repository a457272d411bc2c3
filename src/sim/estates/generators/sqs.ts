import type { EstateSqsQueue } from '../types.ts';
import { paths, places, Truth, type GeneratorPiece } from './types.ts';

/**
 * SQS: per place and index a queue — SSE-SQS, SSE-KMS or no encryption; no policy, a policy open to anyone, one
 * letting an SNS topic of the account in (any principal, pinned by aws:SourceArn), or one granting another account.
 */
export const sqs: GeneratorPiece = {
  name: 'sqs',
  resourceTypes: ['aws.sqs.queue'],
  policies: ['aws-sqs-queue-public', 'aws-sqs-queue-unencrypted'],
  resources: (s) => s.accounts * s.regions * s.each,
  plan(ctx) {
    const { bad, pick } = ctx;
    const planned: { q: EstateSqsQueue; open: boolean }[] = [];
    for (const { account, region } of places(ctx)) {
      for (let i = 0; i < ctx.spec.each; i++) {
        const name = `gen-queue-${i}`;
        const arn = `arn:aws:sqs:${region}:${account}:${name}`;
        const open = bad();
        const statements: Record<string, unknown>[] = [];
        if (open) statements.push({ Sid: 'Open', Effect: 'Allow', Principal: pick(['*', { AWS: '*' }]), Action: pick(['sqs:SendMessage', 'sqs:*', ['sqs:ReceiveMessage', 'sqs:DeleteMessage']]), Resource: arn });
        const other = pick(['none', 'topic', 'account'] as const);
        if (other === 'topic') statements.push({ Sid: 'FromTopic', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: arn, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:${region}:${account}:gen-topic` } } });
        if (other === 'account') statements.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sqs:SendMessage', Resource: arn });
        const q: EstateSqsQueue = { account, region, name, encryption: bad() ? 'none' : pick(['sse-sqs', 'alias/aws/sqs', `arn:aws:kms:${region}:${account}:key/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9`]) };
        if (statements.length) q.policy = { Version: '2012-10-17', Statement: statements };
        planned.push({ q, open });
      }
    }
    (ctx.doc.sqsQueues ??= []).push(...planned.map((p) => p.q));
    return {
      truth() {
        const truth = new Truth();
        for (const { q, open } of planned) {
          const arn = `arn:aws:sqs:${q.region}:${q.account}:${q.name}`;
          if (open) truth.add('aws-sqs-queue-public', arn, q.account, q.region, ['statement:Open']);
          if (q.encryption === 'none') truth.add('aws-sqs-queue-unencrypted', arn, q.account, q.region, paths('sqsManagedSseEnabled', 'kmsMasterKeyId'));
        }
        return truth.entries;
      },
    };
  },
};
