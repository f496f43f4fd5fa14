CREATE TABLE "case_evidence_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"case_id" text NOT NULL,
	"requested_from" text NOT NULL,
	"evidence_types" text[] NOT NULL,
	"note" text,
	"clause" text NOT NULL,
	"status" text NOT NULL,
	"deadline_id" text,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"settled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "case_evidence_requests_case_idx" ON "case_evidence_requests" USING btree ("case_id","created_at");