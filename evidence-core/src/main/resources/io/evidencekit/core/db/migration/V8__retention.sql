-- Retention, review, legal holds and disposal (issue 11).

-- One row per request classified for retention. due_on is when the governing rule was last found to end
-- (never later than the truth: new facts only push it later, and the sweep evaluates each due row again).
CREATE TABLE retention_subject (
  request_id     UUID         NOT NULL PRIMARY KEY REFERENCES evidence_request (id),
  category       VARCHAR(100) NOT NULL,
  state          VARCHAR(24)  NOT NULL,   -- a RetentionState name
  due_on         DATE,                    -- NULL: nothing will fall due until a fact is recorded
  due_rule       VARCHAR(100),
  last_reviewed  DATE,
  retain_until   DATE,                    -- the latest reviewer's retain-until
  dispose_after  TIMESTAMP WITH TIME ZONE,  -- scheduled: the grace period ends
  scheduled_rule VARCHAR(100),
  scheduled_by   VARCHAR(300),
  lease_until    TIMESTAMP WITH TIME ZONE,  -- DISPOSING: the engine carrying it out holds it until then
  disposed_at    TIMESTAMP WITH TIME ZONE,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX retention_subject_due ON retention_subject (state, due_on);
CREATE INDEX retention_subject_scheduled ON retention_subject (state, dispose_after);

CREATE TABLE retention_case_link (
  request_id UUID         NOT NULL REFERENCES evidence_request (id),
  case_ref   VARCHAR(100) NOT NULL,
  linked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (request_id, case_ref)
);
CREATE INDEX retention_case_link_case ON retention_case_link (case_ref);

-- Facts the host recorded: about one request (request_id) or about a case (case_ref), never both.
CREATE TABLE retention_fact (
  id          UUID         NOT NULL PRIMARY KEY,
  request_id  UUID         REFERENCES evidence_request (id),
  case_ref    VARCHAR(100),
  kind        VARCHAR(32)  NOT NULL,
  on_date     DATE         NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  recorded_by VARCHAR(300) NOT NULL,
  CONSTRAINT retention_fact_subject CHECK ((request_id IS NULL) <> (case_ref IS NULL))
);
CREATE INDEX retention_fact_request ON retention_fact (request_id);
CREATE INDEX retention_fact_case ON retention_fact (case_ref);

-- Legal holds. request_id is the request an ITEM or REQUEST hold covers (NULL for a CASE hold).
CREATE TABLE legal_hold (
  id          UUID         NOT NULL PRIMARY KEY,
  target_kind VARCHAR(8)   NOT NULL,
  target      VARCHAR(100) NOT NULL,
  request_id  UUID         REFERENCES evidence_request (id),
  reason      VARCHAR(500) NOT NULL,
  set_by      VARCHAR(300) NOT NULL,
  set_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  lifted_by   VARCHAR(300),
  lifted_at   TIMESTAMP WITH TIME ZONE,
  lift_reason VARCHAR(500)
);
CREATE INDEX legal_hold_request ON legal_hold (request_id);
CREATE INDEX legal_hold_target ON legal_hold (target_kind, target);
