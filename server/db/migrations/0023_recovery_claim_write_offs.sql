CREATE TABLE "recovery_claim_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"claim_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text,
	"recovery_id" text,
	"entry_id" text NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recovery_claims" ADD COLUMN "written_off_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "recovery_claim_events_claim_idx" ON "recovery_claim_events" USING btree ("tenant_id","claim_id","created_at");--> statement-breakpoint
CREATE INDEX "recovery_claims_tenant_idx" ON "recovery_claims" USING btree ("tenant_id","id");--> statement-breakpoint
-- Claims written off whole before partial write-offs: what was left of them was written off.
UPDATE "recovery_claims" SET "written_off_fen" = "amount_fen" - "recovered_fen" WHERE "status" = 'written_off';
