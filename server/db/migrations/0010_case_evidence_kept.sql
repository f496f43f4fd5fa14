-- Evidence is never deleted or rewritten while the case lives (retention tooling works outside this path).
CREATE TRIGGER case_evidence_append_only
  BEFORE UPDATE OR DELETE ON case_evidence
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
