-- Deadline events and status history are records, like the audit trail: append-only at the database.
CREATE OR REPLACE FUNCTION accord_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER deadline_events_append_only
  BEFORE UPDATE OR DELETE ON deadline_events
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
--> statement-breakpoint
CREATE TRIGGER subject_statuses_append_only
  BEFORE UPDATE OR DELETE ON subject_statuses
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
