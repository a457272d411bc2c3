import type { XmlValue } from '../../protocols/xml.ts';
import type { SimRequest } from '../../types.ts';
import type { BucketLogging, LifecycleRule, NotificationConfig, NotificationTarget } from './model.ts';
import { malformedXml, nodes, str, xmlBody } from './wire.ts';

/** Wire shapes of the bucket settings in settings.ts (REST-XML bodies as the S3 API reference gives them). */

/** `<BucketLoggingStatus>`: `LoggingEnabled` with a target bucket turns logging on; an empty status turns it off. */
export function parseBucketLoggingStatus(req: SimRequest): BucketLogging | null {
  const root = xmlBody(req, 'BucketLoggingStatus');
  const le = root['LoggingEnabled'];
  if (le === undefined || le === '') return null;
  if (typeof le !== 'object' || le === null) throw malformedXml();
  const n = le as Record<string, unknown>;
  const target = str(n['TargetBucket']);
  if (!target) throw malformedXml();
  return { TargetBucket: target, TargetPrefix: str(n['TargetPrefix']) ?? '' };
}

export function renderBucketLogging(l: BucketLogging | undefined): { [k: string]: XmlValue } {
  return l ? { LoggingEnabled: { TargetBucket: l.TargetBucket, TargetPrefix: l.TargetPrefix } } : {};
}

function renderTargets(list: readonly NotificationTarget[] | undefined, arnElement: string): XmlValue[] {
  return (list ?? []).map((t) => ({ Id: t.Id, [arnElement]: t.Arn, Event: t.Events }));
}

export function renderNotification(n: NotificationConfig | undefined): { [k: string]: XmlValue } {
  if (!n) return {};
  return {
    TopicConfiguration: renderTargets(n.topics, 'Topic'),
    QueueConfiguration: renderTargets(n.queues, 'Queue'),
    CloudFunctionConfiguration: renderTargets(n.lambdaFunctions, 'CloudFunction'),
    ...(n.eventBridge ? { EventBridgeConfiguration: {} } : {}),
  };
}

export function renderLifecycleRules(rules: readonly LifecycleRule[]): XmlValue[] {
  return rules.map((r) => ({
    ID: r.ID,
    Filter: r.Filter ? { Prefix: r.Filter.Prefix } : { Prefix: '' },
    Status: r.Status,
    Expiration: r.Expiration ? { Days: r.Expiration.Days, Date: r.Expiration.Date, ExpiredObjectDeleteMarker: r.Expiration.ExpiredObjectDeleteMarker } : undefined,
    Transition: (r.Transitions ?? []).map((t) => ({ Days: t.Days, Date: t.Date, StorageClass: t.StorageClass })),
    NoncurrentVersionExpiration: r.NoncurrentVersionExpiration ? { NoncurrentDays: r.NoncurrentVersionExpiration.NoncurrentDays, NewerNoncurrentVersions: r.NoncurrentVersionExpiration.NewerNoncurrentVersions } : undefined,
    AbortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload ? { DaysAfterInitiation: r.AbortIncompleteMultipartUpload.DaysAfterInitiation } : undefined,
  }));
}

export function renderVersioning(status: string | undefined, mfaDelete: string | undefined): { [k: string]: XmlValue } {
  return { Status: status, MfaDelete: mfaDelete };
}

export { nodes };
