-- mamori store: scheduled scans. One row per schedule name (from mamori.yaml `schedules:`): the last slot it was
-- due for (so a process that was down runs a missed schedule once on start, not once per missed slot), its last run,
-- and a lease that keeps two processes on one database (or a schedule whose previous run is still going) from
-- running it twice at the same time. A holder renews its lease while it runs; a holder that died lets it expire.
CREATE TABLE schedule_state (
  name text PRIMARY KEY,
  -- The cron slot last taken (run or skipped); a slot after it and not after now is due.
  last_slot timestamptz(3) NOT NULL,
  lease_owner text,
  leased_until timestamptz(3),
  last_started_at timestamptz(3),
  last_finished_at timestamptz(3),
  -- running, succeeded, failed, skipped (the previous run was still going at a slot)
  last_status text CHECK (last_status IN ('running', 'succeeded', 'failed', 'skipped')),
  last_run_id integer,
  last_error text,
  last_trigger text,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
