-- mamori store: notifications. Events are queued by triggers in the same transaction as the change they report
-- (a finding's status change, a journal entry's), so that a notification is never lost between "changed" and
-- "queued", and never sent for a change that rolled back. A dispatcher (any mamori process with `notifications:`
-- configured) turns queued events into deliveries per channel, sends them, retries with backoff and keeps what
-- could not be delivered as dead letters.

-- One row. Events are queued only while a process with notifications configured has said so: a store without
-- notifications does not grow an outbox nobody reads.
CREATE TABLE notification_settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  enabled boolean NOT NULL DEFAULT false,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
INSERT INTO notification_settings (id, enabled) VALUES (1, false);

CREATE TABLE notification_outbox (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  -- finding.new, finding.reopened, finding.resolved, fix.planned, fix.verified, fix.failed, approval.waiting
  kind text NOT NULL,
  finding_id text,
  journal_id integer,
  run_id integer,
  at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE notification_deliveries (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  -- The route's index in mamori.yaml, for the console; digests are kept per route and channel.
  route integer NOT NULL,
  -- pending: to be sent at next_attempt_at (a digest collects events until then); sent; dead (gave up).
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  digest boolean NOT NULL DEFAULT false,
  -- The events, as rendered for the message (finding or fix details at the time they were queued).
  events jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  -- A sender holds a delivery until then; another process takes it over only after (it died mid-send).
  leased_until timestamptz(3),
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_status_idx ON notification_deliveries (status, id);

-- Finding status changes: one statement-level trigger, so a scan's 100,000 changes cost one INSERT … SELECT.
CREATE FUNCTION mamori_queue_finding_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT enabled FROM notification_settings WHERE id = 1) THEN
    INSERT INTO notification_outbox (kind, finding_id, journal_id, run_id, at)
    SELECT CASE
             WHEN n.to_status = 'new' THEN 'finding.new'
             WHEN n.to_status = 'reopened' THEN 'finding.reopened'
             ELSE 'finding.resolved'
           END,
           n.finding_id, n.journal_id, n.run_id, n.at
      FROM new_events n
     WHERE n.to_status IN ('new', 'reopened', 'resolved')
       AND n.from_status IS DISTINCT FROM n.to_status;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER finding_events_notify AFTER INSERT ON finding_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION mamori_queue_finding_events();

-- Journal transitions of fixes (undo entries are not fixes): waiting for approval, journaled before the change,
-- verified, failed.
CREATE FUNCTION mamori_queue_journal_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
BEGIN
  IF NEW.undo_of IS NOT NULL OR (TG_OP = 'UPDATE' AND OLD.status = NEW.status) THEN
    RETURN NULL;
  END IF;
  k := CASE NEW.status
         WHEN 'planned' THEN 'approval.waiting'
         WHEN 'applying' THEN 'fix.planned'
         WHEN 'verified' THEN 'fix.verified'
         WHEN 'failed' THEN 'fix.failed'
       END;
  IF k IS NOT NULL AND (SELECT enabled FROM notification_settings WHERE id = 1) THEN
    INSERT INTO notification_outbox (kind, finding_id, journal_id, run_id) VALUES (k, NEW.finding_id, NEW.id, NEW.run_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER remediation_journal_notify AFTER INSERT OR UPDATE OF status ON remediation_journal
  FOR EACH ROW EXECUTE FUNCTION mamori_queue_journal_event();
