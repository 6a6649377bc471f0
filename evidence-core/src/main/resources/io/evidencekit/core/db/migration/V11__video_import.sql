-- Video consultation import (issue 12). One row per consultation a video source listed, one per recording
-- of it; what the import did and still has to do is in these rows, so a pass that stops anywhere is finished
-- by the next, on any engine.

-- Where the last pass left each platform's listing (the source's opaque cursor).
CREATE TABLE video_cursor (
  platform     VARCHAR(100)  NOT NULL PRIMARY KEY,
  cursor_value VARCHAR(1024) NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The request the engine created for a platform's call reference (RequestMapping.perCallReference).
CREATE TABLE video_request (
  platform       VARCHAR(100) NOT NULL,
  call_reference VARCHAR(64)  NOT NULL,
  request_id     UUID         NOT NULL REFERENCES evidence_request (id),
  PRIMARY KEY (platform, call_reference)
);

-- The primary key is the claim: a consultation is recorded (and its consent events written) once, whichever
-- engine lists it first. state: IMPORTING (recordings being imported), IMPORTED (all in, submission submitted),
-- HELD (for a supervisor), DISCARDED (a supervisor's decision: deleted at source without import).
CREATE TABLE video_consultation (
  platform        VARCHAR(100) NOT NULL,
  consultation_id VARCHAR(128) NOT NULL,
  request_id      UUID         NOT NULL REFERENCES evidence_request (id),
  call_reference  VARCHAR(64)  NOT NULL,
  state           VARCHAR(16)  NOT NULL,
  held_reason     VARCHAR(32),
  submission_id   UUID,
  listed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at      TIMESTAMP WITH TIME ZONE,
  -- A complaint or IPCO referral: every item imported from it goes under a legal hold, set as this officer.
  referred_by     VARCHAR(128),
  referred_name   VARCHAR(120),
  referral        VARCHAR(300),
  PRIMARY KEY (platform, consultation_id)
);
CREATE INDEX video_consultation_state ON video_consultation (state, listed_at);

-- delete_from: when the engine first wanted the recording gone from the source (its verified import, or a
-- discard decision); next_delete_at: when a pass may ask (again); NULL once deleted or when a person must look.
CREATE TABLE video_recording (
  platform            VARCHAR(100) NOT NULL,
  consultation_id     VARCHAR(128) NOT NULL,
  recording_id        VARCHAR(128) NOT NULL,
  position            INT          NOT NULL,
  size_bytes          BIGINT       NOT NULL,
  media_type          VARCHAR(128) NOT NULL,
  platform_sha256     CHAR(64),
  missing             BOOLEAN      NOT NULL,
  item_id             UUID,
  imported_at         TIMESTAMP WITH TIME ZONE,
  verified_at         TIMESTAMP WITH TIME ZONE,
  verification_failed BOOLEAN      NOT NULL DEFAULT FALSE,
  delete_from         TIMESTAMP WITH TIME ZONE,
  delete_attempts     INT          NOT NULL DEFAULT 0,
  next_delete_at      TIMESTAMP WITH TIME ZONE,
  last_failure        VARCHAR(500),
  deleted_at          TIMESTAMP WITH TIME ZONE,
  confirmation        VARCHAR(300),
  PRIMARY KEY (platform, consultation_id, recording_id),
  FOREIGN KEY (platform, consultation_id) REFERENCES video_consultation (platform, consultation_id)
);
CREATE INDEX video_recording_next_delete ON video_recording (next_delete_at);

INSERT INTO scheduled_run (name) VALUES ('video-import');
