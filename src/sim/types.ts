import type { World } from './world.ts';

/** An HTTP request as the local endpoint sees it, after SigV4 credential parsing. */
export interface SimRequest {
  method: string;
  /** Path without the query string, percent-decoded per segment is left to the handler. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
  /** Signing service from the SigV4 credential scope, e.g. `ec2`, `s3`. */
  signingService: string;
  /** Region from the SigV4 credential scope. */
  region: string;
  /** The calling account, from the access key (management account for keys the endpoint did not issue). */
  accountId: string;
  accessKeyId: string;
  /** The caller's principal ARN. */
  principalArn: string;
  host: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SimContext {
  world: World;
}

/** A service error that the handler's protocol renders the way AWS does. */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.status = status;
  }
}

/** One AWS service (or protocol family) served by the endpoint. */
export interface ServiceHandler {
  /** Service name used for call counts and fault specs, e.g. `ec2`, `s3`, `s3control`. */
  name: string;
  /** The operation a request calls (e.g. `DescribeSecurityGroups`); throws SimError for an unknown one. */
  operation(req: SimRequest): string;
  handle(req: SimRequest, operation: string, ctx: SimContext): SimResponse | Promise<SimResponse>;
  /** Render an error in the service's protocol. */
  error(err: SimError, req: SimRequest): SimResponse;
  /** The service's real throttling error. */
  throttlingError(): SimError;
  /** The service's real access-denied error for an operation. */
  accessDeniedError(operation: string, req: SimRequest): SimError;
}
