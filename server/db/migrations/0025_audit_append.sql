-- Appends audit events to a tenant's chain in ONE statement (audit.repo.ts `writeAudit`): locks the chain
-- head (creating it if needed), links each event — hash = sha256(prev_hash ‖ '\n' ‖ canonical(fields)), the
-- same bytes `auditHash` hashes in Node — inserts them with their seq, prev_hash and hash, and moves the head.
-- Node sends each event's canonical JSON around its seq (`hash_pre` ‖ seq ‖ `hash_post`), since only the
-- database knows the seq while the head is locked. Before, the head was locked by one statement and the events
-- inserted by the next, so the lock was also held across a round trip to Node and back.
-- Returns the new head's seq.
CREATE OR REPLACE FUNCTION accord_append_audit(p_tenant text, p_events jsonb) RETURNS bigint AS $$
DECLARE
  v_seq bigint;
  v_hash text;
  v_first bigint;
  v_hashes text[];
  v_pre text;
  v_post text;
BEGIN
  INSERT INTO audit_heads AS h (tenant_id, last_seq, last_hash) VALUES (p_tenant, 0, repeat('0', 64))
    ON CONFLICT (tenant_id) DO UPDATE SET last_seq = h.last_seq
    RETURNING h.last_seq, h.last_hash INTO v_seq, v_hash;
  v_first := v_seq;
  v_hashes := ARRAY[v_hash];
  FOR v_pre, v_post IN
    SELECT t.e->>'hash_pre', t.e->>'hash_post'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o) ORDER BY t.o
  LOOP
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(v_hash || E'\n' || v_pre || v_seq::text || v_post, 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  END LOOP;
  INSERT INTO audit_events (tenant_id, seq, occurred_at, actor, action, target_type, target_id, case_id,
                            summary, party_visible, request_id, prev_hash, hash)
  SELECT p_tenant, v_first + r.ordinality, r.occurred_at, r.actor, r.action, r.target_type, r.target_id,
         r.case_id, r.summary, r.party_visible, r.request_id, v_hashes[r.ordinality], v_hashes[r.ordinality + 1]
    FROM jsonb_populate_recordset(null::audit_events, p_events) WITH ORDINALITY AS r
   ORDER BY r.ordinality;
  UPDATE audit_heads SET last_seq = v_seq, last_hash = v_hash WHERE tenant_id = p_tenant;
  RETURN v_seq;
END;
$$ LANGUAGE plpgsql;
