-- Media inspection (issue 17): what each file holds, as derived data kept apart from the evidence.

-- The inspection queue: one row per item, ever, written in the transaction that records the item; claimed
-- with FOR UPDATE SKIP LOCKED and a lease, exactly as scan_queue (V5), so several engines inspect each item
-- once and a worker that dies leaves a lease that runs out.
CREATE TABLE media_queue (
  item_id         UUID        NOT NULL PRIMARY KEY REFERENCES evidence_item (id),
  state           VARCHAR(16) NOT NULL,   -- WAITING or DONE
  attempts        INTEGER     NOT NULL,   -- passes without a result since queued
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until     TIMESTAMP WITH TIME ZONE,
  claim_id        UUID,
  queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  last_detail     VARCHAR(500)
);
CREATE INDEX media_queue_due ON media_queue (state, next_attempt_at);

-- One result per item: derived data, linked to the item, never part of it. Every result is also an
-- ITEM_INSPECTED custody event naming the tool and its version (and the still's blob and SHA-256).
CREATE TABLE item_media (
  item_id        UUID          NOT NULL PRIMARY KEY REFERENCES evidence_item (id),
  state          VARCHAR(20)   NOT NULL,   -- INSPECTED, NOT_RECOGNISED or COULD_NOT_INSPECT
  tool           VARCHAR(220)  NOT NULL,   -- e.g. "ffprobe 5.1.6-0+deb12u1"
  container      VARCHAR(200),
  duration_ms    BIGINT,
  creation_time  TIMESTAMP WITH TIME ZONE,
  timecode       VARCHAR(64),
  decodes        VARCHAR(16),              -- DECODES, FAILS or NOT_TESTED
  streams        VARCHAR(8000),            -- JSON array of the streams
  detail         VARCHAR(400),
  still_blob     VARCHAR(1024),            -- the derived still's blob id, when one was made
  still_sha256   CHAR(64),
  still_size     BIGINT,
  still_type     VARCHAR(32),
  inspected_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Optional structured time windows of a request, one per camera or location, in the officer's order.
CREATE TABLE request_time_window (
  request_id UUID         NOT NULL REFERENCES evidence_request (id),
  position   INTEGER      NOT NULL,
  label      VARCHAR(200) NOT NULL,
  starts_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  ends_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (request_id, position)
);

INSERT INTO media_queue (item_id, state, attempts, next_attempt_at, queued_at)
  SELECT id, 'WAITING', 0, received_at, received_at FROM evidence_item;
