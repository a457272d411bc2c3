-- mamori store: observations that are not scans (a fix's or an undo's verification, a scoped re-read).
-- Written to apply after any other migration: it names no version and depends only on the initial tables.

-- A status change caused by a remediation names its journal entry: the finding's history says "resolved by fix #12".
ALTER TABLE finding_events ADD COLUMN journal_id integer;

-- Remediation runs used to be all of kind 'remediate'; they are now named by what they did.
UPDATE runs SET kind = CASE meta->>'command'
    WHEN 'fix' THEN 'fix'
    WHEN 'scan --remediate' THEN 'fix'
    WHEN 'approve' THEN 'approve'
    WHEN 'approve --reject' THEN 'approve'
    WHEN 'undo' THEN 'undo'
    WHEN 'recover' THEN 'recover'
    WHEN 'console plan' THEN 'plan'
    ELSE 'fix'
  END
  WHERE kind = 'remediate';
