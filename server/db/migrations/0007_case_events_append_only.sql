-- The case timeline is part of the record a court reads: append-only at the database.
CREATE TRIGGER case_events_append_only
  BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
