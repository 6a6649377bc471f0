-- Several nodes (issue 16): periodic work that must happen once per interval however many engines share
-- the database. Each job has one row; an engine runs the job only if it moves next_due_at on with a
-- conditional UPDATE (the row lock makes racing engines take turns, and the loser sees the new value).
CREATE TABLE scheduled_run (
  name        VARCHAR(64) PRIMARY KEY,
  next_due_at TIMESTAMP WITH TIME ZONE,
  claimed_at  TIMESTAMP WITH TIME ZONE
);
INSERT INTO scheduled_run (name) VALUES ('custody-checkpoint');
