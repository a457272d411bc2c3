/**
 * A declarative estate: what accounts, regions and resources the local endpoint starts with.
 * The demo is one; users and tests can write their own (JSON or YAML) for `mamori sim --estate FILE`.
 */
export interface EstateDoc {
  /** Seed for deterministic ids. */
  seed?: string;
  regions: string[];
  accounts: EstateAccount[];
  securityGroups?: EstateSecurityGroup[];
  instances?: EstateInstance[];
  buckets?: EstateBucket[];
  dbSnapshots?: EstateSnapshot[];
  clusterSnapshots?: EstateSnapshot[];
  loadBalancers?: EstateLoadBalancer[];
  launchConfigurations?: EstateLaunchConfiguration[];
  autoScalingGroups?: EstateAutoScalingGroup[];
  stateMachines?: EstateStateMachine[];
  eventBuses?: EstateEventBus[];
}

export interface EstateAccount {
  id: string;
  name: string;
  alias?: string;
  /** The first account is the organization's management account. */
  roles?: string[];
  externalId?: string;
  deny?: string[];
  accountPublicAccessBlock?: PublicAccessBlockSpec;
}

export interface PublicAccessBlockSpec {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/**
 * One permission line: `proto` tcp|udp|icmp|-1, `ports` "445" or "20-21" (omit for -1), and sources:
 * CIDRs, IPv6 ranges, `pl-…` prefix lists or `sg:<group name>` for a group of the same account and region.
 */
export interface PermissionSpec {
  proto: string;
  ports?: string;
  from: string[];
  description?: string;
}

export interface EstateSecurityGroup {
  account: string;
  region: string;
  name: string;
  description?: string;
  tags?: Record<string, string>;
  ingress: PermissionSpec[];
  /** Default: AWS's default egress (all traffic to 0.0.0.0/0). */
  egress?: PermissionSpec[];
}

export interface EstateInstance {
  account: string;
  region: string;
  name: string;
  /** Security group names in the same account and region. */
  groups: string[];
  tags?: Record<string, string>;
}

export interface EstateBucket {
  account: string;
  name: string;
  region: string;
  /** Create as before 2023: no default encryption, ObjectWriter ownership, no Block Public Access. */
  legacy?: boolean;
  cannedAcl?: 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';
  policy?: Record<string, unknown>;
  publicAccessBlock?: PublicAccessBlockSpec | null;
  /** `null` removes default encryption (legacy buckets have none). */
  encryption?: { sseAlgorithm: 'AES256' | 'aws:kms'; kmsMasterKeyId?: string } | null;
  tags?: Record<string, string>;
}

export interface EstateSnapshot {
  account: string;
  region: string;
  id: string;
  /** DB instance or cluster identifier. */
  source: string;
  engine?: string;
  restore?: string[];
  encrypted?: boolean;
  tags?: Record<string, string>;
}

/** An ELBv2 listener: it redirects HTTP to HTTPS, or forwards to a target group (named, default: the load balancer's). */
export interface EstateListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';
  redirectToHttps?: boolean;
  forwardTo?: string;
  tags?: Record<string, string>;
}

export interface EstateLoadBalancer {
  account: string;
  region: string;
  name: string;
  type?: 'application' | 'network';
  scheme?: 'internet-facing' | 'internal';
  /** Attributes changed from AWS's defaults, by key (`deletion_protection.enabled: "true"`). */
  attributes?: Record<string, string>;
  tags?: Record<string, string>;
  listeners?: EstateListener[];
}

export interface EstateLaunchConfiguration {
  account: string;
  region: string;
  name: string;
  instanceType?: string;
  /** Left out: not set (the subnet's setting applies). */
  associatePublicIpAddress?: boolean;
  /** Left out: created without metadata options (AWS's defaults: IMDSv1 allowed, hop limit 1). */
  metadata?: { httpTokens?: 'optional' | 'required'; httpEndpoint?: 'enabled' | 'disabled'; hopLimit?: number };
}

export interface EstateAutoScalingGroup {
  account: string;
  region: string;
  name: string;
  /** The launch configuration's name (same account and region), or else `launchTemplate`. */
  launchConfiguration?: string;
  launchTemplate?: string;
  /** With `launchTemplate`: the instance types of a mixed instances policy. */
  instanceTypes?: string[];
  /** Default: the region's zones a and b. */
  zones?: string[];
  /** Target group names in the group's account and region. */
  targetGroups?: string[];
  /** Classic Load Balancer names. */
  classicLoadBalancers?: string[];
  /** Comma-separated: EC2 (default), ELB, EBS, VPC_LATTICE. */
  healthCheckType?: string;
  tags?: Record<string, string>;
}

export interface EstateStateMachine {
  account: string;
  region: string;
  name: string;
  type?: 'STANDARD' | 'EXPRESS';
  /** Default OFF (AWS's default). */
  logLevel?: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  tags?: Record<string, string>;
}

/** A custom event bus (every account and region has its default bus already). */
export interface EstateEventBus {
  account: string;
  region: string;
  name: string;
  /** The resource-based policy document; left out: none. */
  policy?: Record<string, unknown>;
  tags?: Record<string, string>;
}
