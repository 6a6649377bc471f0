-- Crash safety (issue 18): every recorded item carries an identity its sender already had, unique, so that
-- a retry or a replay after a crash finds the item recorded the first time instead of recording it twice.
-- Items recorded before this version have neither (NULL), and NULLs never collide.

-- The public side: the client's key for one upload (the portal's tus upload id), unique in its submission.
ALTER TABLE evidence_item ADD COLUMN upload_key VARCHAR(128);
CREATE UNIQUE INDEX evidence_item_upload_key ON evidence_item (submission_id, upload_key);

-- An officer's ingest from disc or USB: SHA-256 (hex) of the officer's user id, the file's relative path
-- and its content's SHA-256, unique in its request. Hashed so the key has a fixed width whatever the path.
ALTER TABLE evidence_item ADD COLUMN ingest_key CHAR(64);
CREATE UNIQUE INDEX evidence_item_ingest_key ON evidence_item (request_id, ingest_key);
