-- Portal hardening (issue 10).

-- Whether a link may send evidence again after its first submission: REPEATABLE (what every request
-- did before this column existed) or ONCE.
ALTER TABLE evidence_request ADD COLUMN submission_policy VARCHAR(16) DEFAULT 'REPEATABLE' NOT NULL;

-- A caption is limited to 2,000 characters counted as Unicode code points; in UTF-16 (how H2 counts a
-- VARCHAR) that can be up to 4,000 units.
ALTER TABLE submission ALTER COLUMN caption SET DATA TYPE VARCHAR(4000);

-- When a draft last changed (a file added or removed), so abandoned drafts can be found and closed.
ALTER TABLE submission ADD COLUMN last_activity_at TIMESTAMP WITH TIME ZONE;
UPDATE submission SET last_activity_at = started_at;

-- Open drafts of a link are counted when a new one starts.
CREATE INDEX submission_invitation_state ON submission (invitation_id, state);
