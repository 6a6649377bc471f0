-- Delivery status (issue 14): each outbox message's channel, the backend's id for it once accepted, and
-- the latest status the backend reported (by a delivery receipt or when polled); holds on a channel that
-- a backend's limit or a configuration problem put on every engine sharing the database.

ALTER TABLE outbox ADD COLUMN channel VARCHAR(8);
-- Before this version the channel followed from the address: a number starts with '+'.
UPDATE outbox SET channel = CASE WHEN payload LIKE '%"to":"+%' THEN 'SMS' ELSE 'EMAIL' END;

ALTER TABLE outbox ADD COLUMN provider_message_id VARCHAR(100);
-- QUEUED, SENDING, SENT, DELIVERED, PERMANENT_FAILURE, TEMPORARY_FAILURE, TECHNICAL_FAILURE; NULL before any news.
ALTER TABLE outbox ADD COLUMN delivery_status VARCHAR(32);
ALTER TABLE outbox ADD COLUMN provider_status VARCHAR(100);
ALTER TABLE outbox ADD COLUMN status_at TIMESTAMP WITH TIME ZONE;
-- Bumped with every recorded status change: a change is recorded only against the version it read, so a
-- receipt and a poll (or two receipts) racing for one change record it once.
ALTER TABLE outbox ADD COLUMN status_version INTEGER DEFAULT 0 NOT NULL;
-- When to ask the backend next; NULL when nothing more is expected.
ALTER TABLE outbox ADD COLUMN next_status_check_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN status_checks INTEGER DEFAULT 0 NOT NULL;
-- Sent again after a temporary or technical failure the backend reported.
ALTER TABLE outbox ADD COLUMN resends INTEGER DEFAULT 0 NOT NULL;
-- When it was last put back to be sent again: the give-up period runs from then.
ALTER TABLE outbox ADD COLUMN resent_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE outbox SET updated_at = COALESCE(completed_at, created_at);

CREATE INDEX outbox_provider_message ON outbox (provider_message_id);
CREATE INDEX outbox_status_check ON outbox (next_status_check_at);
CREATE INDEX outbox_request ON outbox (request_id);

-- One row per channel. A hold ends at until_at; a configuration problem's hold is renewed by each failed
-- probe and cleared by the first message the channel delivers.
CREATE TABLE delivery_hold (
  channel       VARCHAR(8)   NOT NULL PRIMARY KEY,
  misconfigured BOOLEAN      NOT NULL,
  since_at      TIMESTAMP WITH TIME ZONE,
  until_at      TIMESTAMP WITH TIME ZONE,
  detail        VARCHAR(500)
);
INSERT INTO delivery_hold (channel, misconfigured) VALUES ('EMAIL', FALSE);
INSERT INTO delivery_hold (channel, misconfigured) VALUES ('SMS', FALSE);
