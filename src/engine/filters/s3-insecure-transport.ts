import { z } from 'zod';
import type { Evidence } from '../../core/index.ts';
import { globToRegExp } from '../../core/glob.ts';
import { patternCovers } from '../iam-action.ts';
import { known, NO_EVIDENCE } from '../read.ts';
import { analyzeResourcePolicy, PolicyDocumentError, type StatementAnalysis } from '../resource-policy.ts';
import { strictObject } from '../zod-helpers.ts';
import { defineMatcher } from './types.ts';

const params = strictObject('matcher s3-insecure-transport', {
  matcher: z.literal('s3-insecure-transport'),
});

/** The evidence id of a bucket that accepts plain HTTP: one per bucket, what the fix appends a statement for. */
export const INSECURE_TRANSPORT_EVIDENCE = 'secure-transport:not-enforced';

function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The statement's Resource patterns cover the bucket and every object in it. */
function coversBucketAndObjects(statement: Record<string, unknown>, bucket: string): boolean {
  if (statement['NotResource'] !== undefined) return false;
  const patterns = list(statement['Resource']).filter((r): r is string => typeof r === 'string').map((r) => globToRegExp(r));
  const covers = (arn: string) => patterns.some((re) => re.test(arn));
  // `*` in a pattern matches the literal `*` too, so the object wildcard stands for every key.
  return covers(`arn:aws:s3:::${bucket}`) && covers(`arn:aws:s3:::${bucket}/*`);
}

/** The Condition is exactly `Bool` (or `BoolIfExists`) `aws:SecureTransport` = false: any other key would narrow the Deny. */
function onlyInsecureTransport(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return false;
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1) return false;
  const [op, block] = entries[0]!;
  if (!/^bool(ifexists)?$/i.test(op) || !block || typeof block !== 'object' || Array.isArray(block)) return false;
  const keys = Object.entries(block as Record<string, unknown>);
  if (keys.length !== 1) return false;
  const [key, value] = keys[0]!;
  const values = list(value).map((v) => String(v).toLowerCase());
  return key.toLowerCase() === 'aws:securetransport' && values.length > 0 && values.every((v) => v === 'false');
}

/** A Deny for everyone, of every S3 action, on the bucket and its objects, whenever the request is not over TLS. */
export function deniesInsecureTransport(s: StatementAnalysis, bucket: string): boolean {
  return (
    s.effect === 'Deny' &&
    !s.notPrincipal &&
    s.principals.some((p) => p.kind === 'anyone' || p.kind === 'any-account') &&
    !s.notAction &&
    s.actions.some((a) => patternCovers(a, 's3:*')) &&
    coversBucketAndObjects(s.statement, bucket) &&
    onlyInsecureTransport(s.statement['Condition'])
  );
}

/**
 * Buckets whose policy does not deny requests over plain HTTP: no statement that Denies `s3:*` to every
 * principal on the bucket and its objects under `Bool aws:SecureTransport = false` (FSBP S3.5, CIS 2.1.1).
 * A bucket without a policy accepts HTTP too.
 */
export const s3InsecureTransport = defineMatcher({
  name: 's3-insecure-transport',
  description: 'Buckets whose policy has no statement denying s3:* on the bucket and its objects to every principal when aws:SecureTransport is false (no policy counts as none).',
  resourceTypes: ['aws.s3.bucket'],
  params,
  reads: ['policy', 'name'],
  permissions: ['s3:GetBucketPolicy'],
  create() {
    return (resource) => {
      const text = known<string | null>(resource, 'policy');
      const bucket = String(resource.config['name'] ?? resource.id);
      if (text !== null) {
        let statements: StatementAnalysis[];
        try {
          statements = analyzeResourcePolicy(text, { account: resource.account }).statements;
        } catch (e) {
          if (e instanceof PolicyDocumentError) throw new Error(`config.policy of ${resource.id}: ${e.message}`, { cause: e });
          throw e;
        }
        if (statements.some((s) => deniesInsecureTransport(s, bucket))) return NO_EVIDENCE;
      }
      const e: Evidence = {
        id: INSECURE_TRANSPORT_EVIDENCE,
        kind: 'setting',
        summary: text === null ? 'no bucket policy, so nothing denies requests over plain HTTP' : 'no policy statement denies s3:* when aws:SecureTransport is false',
        data: { bucket, hasPolicy: text !== null },
      };
      return [e];
    };
  },
});
