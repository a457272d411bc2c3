-- mamori store, schema version 1.
-- Migrations are immutable once released: change the schema with a new numbered file.
-- Timestamps have millisecond precision so that they round-trip through JavaScript Dates unchanged.

CREATE TABLE runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL DEFAULT 'scan',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  scope jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  heartbeat_at timestamptz(3) NOT NULL DEFAULT now(),
  duration_ms integer,
  pid integer,
  hostname text,
  -- Order in which scans were committed; diff ranges use it because ids are taken at start and scans may overlap.
  commit_seq integer,
  api_calls jsonb NOT NULL DEFAULT '{}',
  gaps jsonb NOT NULL DEFAULT '[]',
  counts jsonb,
  error text,
  meta jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_status_idx ON runs (status);
CREATE UNIQUE INDEX runs_commit_seq_idx ON runs (commit_seq);
CREATE SEQUENCE runs_commit_seq;

-- The latest snapshot of each resource; history lives in findings and their events, not here.
CREATE TABLE resources (
  arn text PRIMARY KEY,
  type text NOT NULL,
  resource_id text NOT NULL,
  account text NOT NULL,
  account_name text,
  region text NOT NULL,
  name text,
  tags jsonb NOT NULL DEFAULT '{}',
  config jsonb NOT NULL DEFAULT '{}',
  related jsonb NOT NULL DEFAULT '[]',
  read_errors jsonb,
  first_seen timestamptz(3) NOT NULL,
  last_seen timestamptz(3) NOT NULL,
  -- Set when a complete evaluation of its account, region and type no longer returned it.
  gone_at timestamptz(3),
  last_run_id integer
);
CREATE INDEX resources_scope_idx ON resources (account, region, type);
CREATE INDEX resources_type_idx ON resources (type);

-- One row per (policy, resource ARN); id is a hash of both so it is stable across databases.
CREATE TABLE findings (
  id text PRIMARY KEY,
  policy text NOT NULL,
  resource_arn text NOT NULL,
  resource_type text NOT NULL,
  service text NOT NULL,
  resource_id text NOT NULL,
  account text NOT NULL,
  account_name text,
  region text NOT NULL,
  resource_name text,
  tags jsonb NOT NULL DEFAULT '{}',
  title text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  severity_rank smallint NOT NULL,
  status text NOT NULL CHECK (status IN ('new', 'open', 'resolved', 'reopened', 'excluded', 'error')),
  outcome text NOT NULL CHECK (outcome IN ('fail', 'pass', 'excluded', 'error')),
  evidence jsonb NOT NULL DEFAULT '[]',
  exclusion jsonb,
  error text,
  first_seen timestamptz(3) NOT NULL,
  last_seen timestamptz(3) NOT NULL,
  resolved_at timestamptz(3),
  -- Last time the resource failed this policy; tells "reopened" from "new" after an exclusion or an error.
  last_failed_at timestamptz(3),
  first_run_id integer NOT NULL,
  last_run_id integer NOT NULL,
  updated_run_id integer NOT NULL
) WITH (fillfactor = 80);
-- Free space on each page lets a rescan update a finding that did not change status in place (a HOT update:
-- no indexed column changes), without writing a new entry in every index.
-- Indexes follow the CLI's and the console's filters; every list is ordered by severity, then id. Each index
-- costs every scan's writes, so low-cardinality filters (region alone, service) have none: a page of them is
-- found quickly by walking the severity order.
CREATE INDEX findings_sort_idx ON findings (severity_rank DESC, id);
CREATE INDEX findings_status_idx ON findings (status, severity_rank DESC, id);
CREATE INDEX findings_account_idx ON findings (account, severity_rank DESC, id);
CREATE INDEX findings_policy_idx ON findings (policy, severity_rank DESC, id);
CREATE INDEX findings_arn_idx ON findings (resource_arn);
CREATE INDEX findings_resource_id_idx ON findings (resource_id);

-- Status changes per committed scan: the source of `diff` and of a finding's history.
-- No foreign keys: checking them doubled the cost of writing a large scan's events, and only the store writes
-- here (commitScan adds events with their finding, cleanup deletes them with their run or finding).
CREATE TABLE finding_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id integer NOT NULL,
  finding_id text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX finding_events_run_idx ON finding_events (run_id);
CREATE INDEX finding_events_finding_idx ON finding_events (finding_id);

CREATE TABLE exclusions (
  id text PRIMARY KEY,
  -- NULL: applies to every policy.
  policy text,
  -- The criteria as the engine's exclusion schema defines them; the store does not interpret them.
  criteria jsonb NOT NULL,
  reason text NOT NULL,
  owner text,
  expires_at timestamptz(3),
  created_by text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  removed_by text,
  removed_at timestamptz(3)
);
CREATE INDEX exclusions_policy_idx ON exclusions (policy);

-- Who did what, when: every state-changing action, from the CLI, the console or the store itself.
CREATE TABLE audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz(3) NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target_type text,
  target_id text,
  details jsonb
);
CREATE INDEX audit_target_idx ON audit (target_type, target_id);
CREATE INDEX audit_at_idx ON audit (at DESC);

-- Written before a change is made and updated after each step, so a crash leaves a record of intent.
CREATE TABLE remediation_journal (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id integer REFERENCES runs (id) ON DELETE SET NULL,
  finding_id text,
  policy text NOT NULL,
  resource_arn text NOT NULL,
  resource jsonb NOT NULL,
  action text NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'approved', 'applying', 'applied', 'verified', 'failed', 'skipped', 'undone', 'undo-failed', 'rejected')),
  params jsonb NOT NULL DEFAULT '{}',
  before jsonb,
  planned_calls jsonb NOT NULL DEFAULT '[]',
  after jsonb,
  result jsonb,
  error text,
  approved_by text,
  approved_at timestamptz(3),
  undo_of integer REFERENCES remediation_journal (id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX remediation_journal_status_idx ON remediation_journal (status, id);
CREATE INDEX remediation_journal_arn_idx ON remediation_journal (resource_arn);
CREATE INDEX remediation_journal_run_idx ON remediation_journal (run_id);

CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  disabled_at timestamptz(3)
);

CREATE TABLE api_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Only a hash is stored; the token itself is shown once when issued.
  token_hash text NOT NULL UNIQUE,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  expires_at timestamptz(3)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
