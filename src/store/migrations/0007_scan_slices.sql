-- mamori store: distributed scans (`scan --distribute`, `mamori worker`). A distributed run keeps what every worker
-- needs in the database, not in job payloads or files: the selected policies (parsed, custom ones included), the
-- exclusions and the AWS settings, one row per run. Each job writes its slice of the scan (one account, region or
-- `*`, and service) in one transaction into scan_slices, keyed by (run, slice): a retried job replaces its earlier
-- attempt's row, so a slice is never counted twice and a killed job's partial work never shows. The coordinator
-- commits the run from the slices through the ordinary commit and then deletes them. Both go with their run.
-- `json`, not `jsonb`: the text is kept as written, so a report read back from slices has the key order of one
-- built in one process.
CREATE TABLE scan_payloads (
  run_id integer PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  payload json NOT NULL,
  jobs integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE scan_slices (
  run_id integer NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  slice_key text NOT NULL,
  -- The job attempt that wrote the slice (0 for the first), or -1 for a job that failed for good (its gaps say so).
  attempt integer NOT NULL,
  worker text NOT NULL,
  written_at timestamptz(3) NOT NULL DEFAULT now(),
  findings json NOT NULL,
  resources json NOT NULL,
  gaps json NOT NULL,
  api_calls json NOT NULL,
  passed integer NOT NULL,
  -- Resources of the types the policies check (the report's resource count), beside related types kept for exclusions.
  checked_resources integer NOT NULL,
  collected json NOT NULL,
  PRIMARY KEY (run_id, slice_key)
);
