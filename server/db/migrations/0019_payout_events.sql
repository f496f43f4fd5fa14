CREATE TABLE "payout_events" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"payout_id" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"status" text NOT NULL,
	"failure_code" text,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payout_events_event_uq" ON "payout_events" USING btree ("payout_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "payouts_callback_key_idx" ON "payouts" USING btree ("idempotency_key");