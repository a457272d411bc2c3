/**
 * AWS errors sorted into what a scan does with them: `not-found` is skipped, `access-denied` becomes
 * a coverage gap, `throttled` is retried (and only surfaces when retries ran out), anything else is
 * an error for that resource type and region. Codes differ per service; these lists come from the
 * services' API references.
 */
export type AwsErrorKind = 'not-found' | 'access-denied' | 'throttled' | 'network' | 'other';

export interface ClassifiedError {
  kind: AwsErrorKind;
  code: string;
  message: string;
  status?: number;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedAccess',
  'Forbidden',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'OptInRequired',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'AllAccessDisabled',
]);

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
]);

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'TimeoutError', 'EHOSTUNREACH']);

/** Not-found codes: `NoSuch*`, `*NotFound`, `*NotFoundFault`, `*.NotFound` and a few odd ones. */
function isNotFound(code: string, status: number | undefined): boolean {
  return (
    /^NoSuch/.test(code) ||
    /NotFound(Fault|Exception)?$/.test(code) ||
    /\.NotFound$/.test(code) ||
    code === 'ServerSideEncryptionConfigurationNotFoundError' ||
    code === 'OwnershipControlsNotFoundError' ||
    code === 'NotFound' ||
    (status === 404 && code === 'UnknownError')
  );
}

export function classifyAwsError(e: unknown): ClassifiedError {
  const err = e as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const code = err?.Code ?? err?.name ?? err?.code ?? 'UnknownError';
  const status = err?.$metadata?.httpStatusCode;
  const message = (err?.message ?? String(e)).split('\n')[0] ?? '';
  const sysCode = err?.code ?? '';
  let kind: AwsErrorKind = 'other';
  if (ACCESS_DENIED.has(code)) kind = 'access-denied';
  else if (THROTTLED.has(code)) kind = 'throttled';
  else if (NETWORK.has(sysCode) || NETWORK.has(code) || /ECONNREFUSED|ENOTFOUND|socket hang up/.test(message)) kind = 'network';
  else if (isNotFound(code, status)) kind = 'not-found';
  const out: ClassifiedError = { kind, code: NETWORK.has(sysCode) ? sysCode : code, message };
  if (status !== undefined) out.status = status;
  return out;
}

/** A one-line description for reports: `AccessDenied: User ... is not authorized ...`. */
export function describeAwsError(e: unknown): string {
  const c = classifyAwsError(e);
  return c.message && !c.message.startsWith(c.code) ? `${c.code}: ${c.message}` : c.message || c.code;
}
