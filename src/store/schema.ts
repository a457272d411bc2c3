/**
 * The Drizzle description of the tables that `migrations/*.sql` create. The SQL files are the source of
 * truth for the database; a test checks that every table and column here exists there with the same type.
 */
import { bigint, boolean, index, integer, json, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'string' });

export const runs = pgTable(
  'runs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull().default('scan'),
    status: text('status').notNull().default('running'),
    scope: jsonb('scope').notNull().default({}),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    heartbeatAt: ts('heartbeat_at').notNull().defaultNow(),
    durationMs: integer('duration_ms'),
    pid: integer('pid'),
    hostname: text('hostname'),
    commitSeq: integer('commit_seq'),
    apiCalls: jsonb('api_calls').notNull().default({}),
    gaps: jsonb('gaps').notNull().default([]),
    counts: jsonb('counts'),
    error: text('error'),
    meta: jsonb('meta').notNull().default({}),
  },
  (t) => [index('runs_status_idx').on(t.status)],
);

export const resources = pgTable('resources', {
  arn: text('arn').primaryKey(),
  type: text('type').notNull(),
  resourceId: text('resource_id').notNull(),
  account: text('account').notNull(),
  accountName: text('account_name'),
  region: text('region').notNull(),
  name: text('name'),
  tags: jsonb('tags').notNull().default({}),
  config: jsonb('config').notNull().default({}),
  related: jsonb('related').notNull().default([]),
  readErrors: jsonb('read_errors'),
  firstSeen: ts('first_seen').notNull(),
  lastSeen: ts('last_seen').notNull(),
  goneAt: ts('gone_at'),
  lastRunId: integer('last_run_id'),
});

export const findings = pgTable('findings', {
  id: text('id').primaryKey(),
  policy: text('policy').notNull(),
  resourceArn: text('resource_arn').notNull(),
  resourceType: text('resource_type').notNull(),
  service: text('service').notNull(),
  resourceId: text('resource_id').notNull(),
  account: text('account').notNull(),
  accountName: text('account_name'),
  region: text('region').notNull(),
  resourceName: text('resource_name'),
  tags: jsonb('tags').notNull().default({}),
  title: text('title').notNull(),
  severity: text('severity').notNull(),
  severityRank: smallint('severity_rank').notNull(),
  status: text('status').notNull(),
  outcome: text('outcome').notNull(),
  evidence: jsonb('evidence').notNull().default([]),
  exclusion: jsonb('exclusion'),
  error: text('error'),
  firstSeen: ts('first_seen').notNull(),
  lastSeen: ts('last_seen').notNull(),
  resolvedAt: ts('resolved_at'),
  lastFailedAt: ts('last_failed_at'),
  firstRunId: integer('first_run_id').notNull(),
  lastRunId: integer('last_run_id').notNull(),
  updatedRunId: integer('updated_run_id').notNull(),
});

export const findingEvents = pgTable('finding_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  runId: integer('run_id').notNull(),
  findingId: text('finding_id').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  at: ts('at').notNull().defaultNow(),
  /** The journal entry whose verified fix or undo caused the change (migration `observations`). */
  journalId: integer('journal_id'),
});

export const exclusions = pgTable('exclusions', {
  id: text('id').primaryKey(),
  policy: text('policy'),
  criteria: jsonb('criteria').notNull(),
  reason: text('reason').notNull(),
  owner: text('owner'),
  expiresAt: ts('expires_at'),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  removedBy: text('removed_by'),
  removedAt: ts('removed_at'),
});

export const audit = pgTable('audit', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: ts('at').notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  details: jsonb('details'),
});

export const remediationJournal = pgTable('remediation_journal', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  runId: integer('run_id').references(() => runs.id, { onDelete: 'set null' }),
  findingId: text('finding_id'),
  policy: text('policy').notNull(),
  resourceArn: text('resource_arn').notNull(),
  resource: jsonb('resource').notNull(),
  action: text('action').notNull(),
  status: text('status').notNull(),
  params: jsonb('params').notNull().default({}),
  before: jsonb('before'),
  plannedCalls: jsonb('planned_calls').notNull().default([]),
  after: jsonb('after'),
  result: jsonb('result'),
  error: text('error'),
  approvedBy: text('approved_by'),
  approvedAt: ts('approved_at'),
  undoOf: integer('undo_of'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  disabledAt: ts('disabled_at'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
});

export const apiTokens = pgTable('api_tokens', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  expiresAt: ts('expires_at'),
});

/** Console: per-policy settings (migration 0002). */
export const policySettings = pgTable('policy_settings', {
  policy: text('policy').primaryKey(),
  disabledAt: ts('disabled_at'),
  severity: text('severity'),
  mode: text('mode'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Console: custom policies as YAML (migration 0002). */
export const customPolicies = pgTable('custom_policies', {
  id: text('id').primaryKey(),
  source: text('source').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Console: sign-in sessions, by a hash of their id (migration 0002). */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

/** Scheduled scans: the last slot taken, the last run and the lease of each schedule (migration 0006, src/store/schedules.ts). */
/** Notifications (migration 0005): queueing on or off, the outbox triggers fill, deliveries per channel. */
export const notificationSettings = pgTable('notification_settings', {
  id: smallint('id').primaryKey().default(1),
  enabled: boolean('enabled').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const notificationOutbox = pgTable('notification_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').notNull(),
  findingId: text('finding_id'),
  journalId: integer('journal_id'),
  runId: integer('run_id'),
  at: ts('at').notNull().defaultNow(),
});

export const notificationDeliveries = pgTable('notification_deliveries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  channel: text('channel').notNull(),
  route: integer('route').notNull(),
  status: text('status').notNull(),
  digest: boolean('digest').notNull().default(false),
  events: jsonb('events').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  leasedUntil: ts('leased_until'),
  lastError: text('last_error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
});

export const scheduleState = pgTable('schedule_state', {
  name: text('name').primaryKey(),
  lastSlot: ts('last_slot').notNull(),
  leaseOwner: text('lease_owner'),
  leasedUntil: ts('leased_until'),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastStatus: text('last_status'),
  lastRunId: integer('last_run_id'),
  lastError: text('last_error'),
  lastTrigger: text('last_trigger'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Distributed scans (0007): what workers need per run, and the slices they write until the run is committed. */
export const scanPayloads = pgTable('scan_payloads', {
  runId: integer('run_id').primaryKey(),
  payload: json('payload').notNull(),
  jobs: integer('jobs').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const scanSlices = pgTable('scan_slices', {
  runId: integer('run_id').notNull(),
  sliceKey: text('slice_key').notNull(),
  attempt: integer('attempt').notNull(),
  worker: text('worker').notNull(),
  writtenAt: ts('written_at').notNull().defaultNow(),
  findings: json('findings').notNull(),
  resources: json('resources').notNull(),
  gaps: json('gaps').notNull(),
  apiCalls: json('api_calls').notNull(),
  passed: integer('passed').notNull(),
  checkedResources: integer('checked_resources').notNull(),
  collected: json('collected').notNull(),
});

export const schema = {
  runs,
  resources,
  findings,
  findingEvents,
  exclusions,
  audit,
  remediationJournal,
  users,
  apiTokens,
  policySettings,
  customPolicies,
  sessions,
  scheduleState,
  notificationSettings,
  notificationOutbox,
  notificationDeliveries,
  scanPayloads,
  scanSlices,
};
