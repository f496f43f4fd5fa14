CREATE TABLE "case_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"case_id" text NOT NULL,
	"made_by" text NOT NULL,
	"made_by_user" text,
	"remedy" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"answers" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"decided_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "case_offers_case_idx" ON "case_offers" USING btree ("case_id","created_at");