/**
 * The compact form of AWS service models that `scripts/sim-models.ts` writes to
 * `src/sim/models/<service>.json`: the `aws-sdk` v2 `.min.json` models without what the endpoint does
 * not need. As in those models, a shape without `type` is a string, and `shape` names a shared shape.
 */

export type Protocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

export interface Shape {
  /** A reference to `shapes[name]`; the other keys here then override or add to it (locationName, location, …). */
  shape?: string;
  type?: ShapeType;
  members?: Record<string, Shape>;
  member?: Shape;
  key?: Shape;
  value?: Shape;
  required?: string[];
  /** The element, field, header or path-label name on the wire. */
  locationName?: string;
  /** REST bindings: `uri`, `querystring`, `header`, `headers` (a prefixed header map), `statusCode`. */
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  /** EC2 query parameter name (the EC2 protocol otherwise capitalizes `locationName`). */
  queryName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { prefix?: string; uri?: string };
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  /** REST: the member that is the whole body. */
  payload?: string;
  streaming?: boolean;
  /** A header whose value is base64-encoded JSON. */
  jsonvalue?: boolean;
  resultWrapper?: string;
}

/** The shape keys kept from the AWS models; everything else (documentation, endpoint and context parameters, …) is dropped. */
export const COMPACT_SHAPE_KEYS = [
  'shape', 'type', 'required', 'members', 'member', 'key', 'value', 'locationName', 'location', 'queryName', 'flattened',
  'xmlAttribute', 'xmlNamespace', 'timestampFormat', 'payload', 'streaming', 'jsonvalue',
] as const satisfies readonly (keyof Shape)[];

export interface Paginator {
  inputToken?: string | string[];
  outputToken?: string | string[];
  limitKey?: string;
  resultKey?: string | string[];
  moreResults?: string;
}

export interface CompactOperation {
  /** REST protocols only: how the operation is routed. */
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: Shape;
  output?: Shape;
  /** awsQuery: the element that wraps the result (`<OpResult>`). */
  resultWrapper?: string;
  paginator?: Paginator;
}

export interface CompactModel {
  /** The endpoint's name for the service (the file name). */
  service: string;
  /** The AWS model it was generated from, `<name>-<apiVersion>`. */
  source: string;
  metadata: {
    protocol: Protocol;
    apiVersion: string;
    endpointPrefix: string;
    /** SigV4 signing name: what the endpoint dispatches on. */
    signingName: string;
    xmlNamespace?: string;
    /** awsJson: `X-Amz-Target: <targetPrefix>.<Operation>`. */
    targetPrefix?: string;
    jsonVersion?: string;
    /** awsJson services that also speak awsQuery error codes (`x-amzn-query-error`). */
    awsQueryCompatible?: boolean;
    /** A global endpoint (CloudFront, Route 53, IAM, …). */
    global?: boolean;
  };
  operations: Record<string, CompactOperation>;
  shapes: Record<string, Shape>;
}
