-- Malware scanning and quarantine (issue 15).

-- Where each item stands with the scanners: PENDING, CLEAN, INFECTED (quarantined) or COULD_NOT_SCAN.
-- Items received before this migration start PENDING and are queued below.
ALTER TABLE evidence_item ADD COLUMN scan_state VARCHAR(16) DEFAULT 'PENDING' NOT NULL;

-- The scan queue: one row per item, ever (bounded by the items: a re-scan sets the row back to WAITING,
-- it adds none). Written in the transaction that records the item. A worker claims due rows with a lease
-- (FOR UPDATE SKIP LOCKED, then lease_until and claim_id), scans outside any transaction, and records the
-- result only while its claim still holds, so an item is scanned once per scanner version even with
-- several engines; a worker that dies leaves a lease that runs out, and the item is taken again.
CREATE TABLE scan_queue (
  item_id         UUID        NOT NULL PRIMARY KEY REFERENCES evidence_item (id),
  state           VARCHAR(16) NOT NULL,   -- WAITING or DONE
  attempts        INTEGER     NOT NULL,   -- passes without a verdict since last queued
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until     TIMESTAMP WITH TIME ZONE,
  claim_id        UUID,
  queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  generation      INTEGER     DEFAULT 0 NOT NULL,  -- bumped by a re-scan, so a pass under way does not end it
  last_detail     VARCHAR(500)
);
CREATE INDEX scan_queue_due ON scan_queue (state, next_attempt_at);

-- Each scanner's latest result on each item (every result is also a custody event). version is the
-- ScannerVersion text (e.g. "ClamAV 1.4.6/27500"): a scanner whose version has not changed since its
-- verdict does not scan the item again.
CREATE TABLE item_scan (
  item_id    UUID          NOT NULL REFERENCES evidence_item (id),
  scanner    VARCHAR(100)  NOT NULL,
  verdict    VARCHAR(16)   NOT NULL,      -- CLEAN, INFECTED or COULD_NOT_SCAN
  version    VARCHAR(320)  NOT NULL,
  signatures VARCHAR(4000),               -- infected: the names, one per line
  problem    VARCHAR(400),                -- could not scan: reason and detail
  scanned_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (item_id, scanner)
);

-- The officer's submission notice waits for the scans (up to a bounded time); the scan worker finds it
-- by its submission.
ALTER TABLE outbox ADD COLUMN submission_id UUID;
CREATE INDEX outbox_submission ON outbox (submission_id);

INSERT INTO scan_queue (item_id, state, attempts, next_attempt_at, queued_at)
  SELECT id, 'WAITING', 0, received_at, received_at FROM evidence_item;
