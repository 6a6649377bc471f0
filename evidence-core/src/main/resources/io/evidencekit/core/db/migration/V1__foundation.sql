-- One schema for H2 (MODE=PostgreSQL, the embedded default) and PostgreSQL (production).
-- Times are TIMESTAMP WITH TIME ZONE at microsecond precision; the engine truncates its clock to match.

CREATE TABLE reference_sequence (
  scope      VARCHAR(128) NOT NULL PRIMARY KEY,
  last_value BIGINT       NOT NULL
);

CREATE TABLE evidence_request (
  id                   UUID          NOT NULL PRIMARY KEY,
  reference            VARCHAR(64)   NOT NULL UNIQUE,
  incident_summary     VARCHAR(200)  NOT NULL,
  description          VARCHAR(2000) NOT NULL,
  officer_user_id      VARCHAR(128)  NOT NULL,
  officer_display_name VARCHAR(120)  NOT NULL,
  officer_email        VARCHAR(254)  NOT NULL,
  officer_phone        VARCHAR(16)   NOT NULL,
  recipient_name       VARCHAR(200)  NOT NULL,
  recipient_email      VARCHAR(254),
  recipient_mobile     VARCHAR(16),
  state                VARCHAR(32)   NOT NULL,
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX evidence_request_officer ON evidence_request (officer_user_id);

CREATE TABLE invitation (
  id         UUID         NOT NULL PRIMARY KEY,
  request_id UUID         NOT NULL REFERENCES evidence_request (id),
  token_hash BYTEA        NOT NULL UNIQUE,
  sent_to    VARCHAR(254) NOT NULL,
  state      VARCHAR(16)  NOT NULL,
  issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX invitation_request ON invitation (request_id);

CREATE TABLE submission (
  id             UUID          NOT NULL PRIMARY KEY,
  request_id     UUID          NOT NULL REFERENCES evidence_request (id),
  invitation_id  UUID          NOT NULL REFERENCES invitation (id),
  state          VARCHAR(16)   NOT NULL,
  caption        VARCHAR(2000),
  declared_count INTEGER,
  declaration    VARCHAR(200),
  started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  submitted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX submission_request ON submission (request_id);

CREATE TABLE evidence_item (
  id             UUID          NOT NULL PRIMARY KEY,
  submission_id  UUID          NOT NULL REFERENCES submission (id),
  request_id     UUID          NOT NULL REFERENCES evidence_request (id),
  position       INTEGER       NOT NULL,
  sha256         CHAR(64)      NOT NULL,
  size_bytes     BIGINT        NOT NULL,
  submitted_name VARCHAR(1024) NOT NULL,
  claimed_type   VARCHAR(255)  NOT NULL,
  blob_id        VARCHAR(512)  NOT NULL,
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  removed_at     TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX evidence_item_submission ON evidence_item (submission_id, position);
CREATE INDEX evidence_item_sha256 ON evidence_item (sha256);

-- A single row whose lock serialises appends to the custody log across every engine on the database,
-- so sequence numbers are dense and the log can never fork.
CREATE TABLE custody_head (
  id   INTEGER NOT NULL PRIMARY KEY,
  size BIGINT  NOT NULL
);
INSERT INTO custody_head (id, size) VALUES (1, 0);

CREATE TABLE custody_event (
  seq         BIGINT        NOT NULL PRIMARY KEY,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor_id    VARCHAR(300)  NOT NULL,
  action      VARCHAR(64)   NOT NULL,
  request_id  UUID,
  item_id     UUID,
  body        VARCHAR(65536) NOT NULL,
  body_sha256 CHAR(64)      NOT NULL
);
CREATE INDEX custody_event_request ON custody_event (request_id);
CREATE INDEX custody_event_item ON custody_event (item_id);

-- Transactional outbox: a message is written in the same transaction as the act that causes it and
-- delivered afterwards with retries. A secret (the link token) is kept only sealed, and erased once the
-- message is delivered or abandoned.
CREATE TABLE outbox (
  id              UUID         NOT NULL PRIMARY KEY,
  kind            VARCHAR(32)  NOT NULL,
  request_id      UUID         NOT NULL REFERENCES evidence_request (id),
  invitation_id   UUID,
  payload         VARCHAR(65536) NOT NULL,
  sealed_secret   BYTEA,
  state           VARCHAR(16)  NOT NULL,
  attempts        INTEGER      NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until     TIMESTAMP WITH TIME ZONE,
  last_detail     VARCHAR(500),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
