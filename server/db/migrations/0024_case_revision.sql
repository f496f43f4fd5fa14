ALTER TABLE "cases" ADD COLUMN "revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A case page is cached per process and validated by the case row's xmin (case-read-cache.ts): a change to a
-- part of the case must therefore change the case row. Statement-level, once per statement; skipped when the
-- case row was already written by this transaction (a filing, an action that moved the case): its xmin is new.
-- One primary-key UPDATE per case, in a loop: a statement that reads the transition table is planned again on
-- every call (about 2 ms a call on PGlite), the keyed UPDATE is planned once per connection. `enable_seqscan =
-- off` so that plan is an index scan whatever the size or statistics of `cases` when it was made (PGlite runs
-- no autovacuum to invalidate a plan made while the table was small).
CREATE OR REPLACE FUNCTION accord_touch_cases() RETURNS trigger AS $$
DECLARE
  touched text;
BEGIN
  FOR touched IN SELECT DISTINCT case_id FROM changed WHERE case_id IS NOT NULL LOOP
    UPDATE cases SET revision = revision + 1 WHERE id = touched AND xmin <> pg_current_xact_id()::xid;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET enable_seqscan = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION accord_touch_cases_of_deadlines() RETURNS trigger AS $$
DECLARE
  touched text;
BEGIN
  FOR touched IN SELECT DISTINCT subject_id FROM changed WHERE subject_type = 'case' LOOP
    UPDATE cases SET revision = revision + 1 WHERE id = touched AND xmin <> pg_current_xact_id()::xid;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET enable_seqscan = off;
--> statement-breakpoint
-- A warning, a retry or a reschedule of the sweeper's next look changes nothing the case page shows: only the
-- columns it shows touch the case (and the sweeper takes no case lock for them).
CREATE OR REPLACE FUNCTION accord_touch_cases_of_changed_deadlines() RETURNS trigger AS $$
DECLARE
  touched text;
BEGIN
  FOR touched IN
    SELECT DISTINCT n.subject_id FROM changed n JOIN old_rows o ON o.id = n.id
     WHERE n.subject_type = 'case'
       AND (n.kind, n.owner, n.clause, n.due_at, n.status, n.provisional, n.paused_since)
           IS DISTINCT FROM (o.kind, o.owner, o.clause, o.due_at, o.status, o.provisional, o.paused_since)
  LOOP
    UPDATE cases SET revision = revision + 1 WHERE id = touched AND xmin <> pg_current_xact_id()::xid;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET enable_seqscan = off;
--> statement-breakpoint
CREATE TRIGGER case_events_touch_case AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_evidence_touch_case AFTER INSERT ON case_evidence
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_messages_touch_case_ins AFTER INSERT ON case_messages
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_messages_touch_case_upd AFTER UPDATE ON case_messages
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_messages_touch_case_del AFTER DELETE ON case_messages
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_offers_touch_case_ins AFTER INSERT ON case_offers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_offers_touch_case_upd AFTER UPDATE ON case_offers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_offers_touch_case_del AFTER DELETE ON case_offers
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_evidence_requests_touch_case_ins AFTER INSERT ON case_evidence_requests
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_evidence_requests_touch_case_upd AFTER UPDATE ON case_evidence_requests
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER case_evidence_requests_touch_case_del AFTER DELETE ON case_evidence_requests
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER notices_touch_case_ins AFTER INSERT ON notices
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER notices_touch_case_upd AFTER UPDATE ON notices
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER notices_touch_case_del AFTER DELETE ON notices
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases();
--> statement-breakpoint
CREATE TRIGGER deadlines_touch_case_ins AFTER INSERT ON deadlines
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases_of_deadlines();
--> statement-breakpoint
CREATE TRIGGER deadlines_touch_case_upd AFTER UPDATE ON deadlines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases_of_changed_deadlines();
--> statement-breakpoint
CREATE TRIGGER deadlines_touch_case_del AFTER DELETE ON deadlines
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION accord_touch_cases_of_deadlines();
