CREATE TABLE "compensations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"case_id" text,
	"idempotency_key" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"from_deposit_fen" bigint NOT NULL,
	"from_fund_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_settlements" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp (3) with time zone,
	"escrow_fen" bigint,
	"held_fen" bigint,
	"settled_fen" bigint,
	"entry_id" text,
	"payout_id" text,
	"settled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"reason" text NOT NULL,
	"source_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"merchant_account_ref" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone,
	"provider_ref" text,
	"failure_code" text,
	"entry_id" text,
	"reversal_entry_id" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recoveries" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"trigger" text NOT NULL,
	"details" jsonb NOT NULL,
	"status" text NOT NULL,
	"claimants" jsonb NOT NULL,
	"distribution" jsonb,
	"entry_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_claims" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"compensation_id" text NOT NULL,
	"case_id" text,
	"amount_fen" bigint NOT NULL,
	"recovered_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"event_id" text,
	"recovery_id" text,
	"case_id" text,
	"amount_fen" bigint,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"released_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "compensations_key_uq" ON "compensations" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "compensations_merchant_idx" ON "compensations" USING btree ("tenant_id","merchant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_settlements_event_uq" ON "event_settlements" USING btree ("tenant_id","event_id");--> statement-breakpoint
CREATE INDEX "event_settlements_scheduled_idx" ON "event_settlements" USING btree ("created_at") WHERE "event_settlements"."status" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_key_uq" ON "payouts" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "payouts_merchant_idx" ON "payouts" USING btree ("tenant_id","merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "payouts_due_idx" ON "payouts" USING btree ("next_attempt_at") WHERE "payouts"."status" in ('pending', 'retrying');--> statement-breakpoint
CREATE INDEX "recoveries_merchant_idx" ON "recoveries" USING btree ("tenant_id","merchant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recoveries_open_uq" ON "recoveries" USING btree ("tenant_id","merchant_id") WHERE "recoveries"."status" = 'open';--> statement-breakpoint
CREATE INDEX "recovery_claims_merchant_idx" ON "recovery_claims" USING btree ("tenant_id","merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "settlement_holds_active_idx" ON "settlement_holds" USING btree ("tenant_id","merchant_id") WHERE "settlement_holds"."status" = 'active';