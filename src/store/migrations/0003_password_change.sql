-- mamori store, schema version 3: a password someone else chose (the demo's one-time password, one an admin set)
-- must be changed by its user at the next sign-in; until then the session can do nothing else.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
