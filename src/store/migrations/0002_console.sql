-- mamori store, schema version 2: what the console (mamori serve) keeps besides findings.

-- Per-policy settings made in the console; honored by every scan that records into this store (CLI and console).
CREATE TABLE policy_settings (
  policy text PRIMARY KEY,
  -- Set while the policy is disabled (scans skip it).
  disabled_at timestamptz(3),
  -- NULL: the policy's own severity.
  severity text CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  -- NULL: the policy's own response mode (and mamori.yaml's responses).
  mode text CHECK (mode IN ('off', 'notify', 'approve', 'auto')),
  updated_by text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Custom policies written in the console, as YAML in the policy language; scans started from the console load them.
CREATE TABLE custom_policies (
  id text PRIMARY KEY,
  source text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Console sign-in sessions: only a hash of the session id is stored, so reading this table does not let anyone in.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
