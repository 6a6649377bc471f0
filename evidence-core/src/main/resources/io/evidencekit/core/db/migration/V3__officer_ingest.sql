-- An officer's ingest from disc or USB is a submission without an invitation: the officer is the
-- submitter (ingested_by holds their user id). Every submission has exactly one of the two.
ALTER TABLE submission ALTER COLUMN invitation_id DROP NOT NULL;
ALTER TABLE submission ADD COLUMN ingested_by VARCHAR(128);
ALTER TABLE submission ADD CONSTRAINT submission_submitter
  CHECK ((invitation_id IS NULL) <> (ingested_by IS NULL));
CREATE INDEX submission_ingested_by ON submission (request_id, ingested_by);
