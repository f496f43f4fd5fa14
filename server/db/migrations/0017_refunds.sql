CREATE TABLE "refund_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"instruction_id" text NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"detail" jsonb NOT NULL,
	"provider_event_id" text,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refund_instructions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"case_id" text NOT NULL,
	"remedy_index" smallint NOT NULL,
	"remedy" text NOT NULL,
	"payer" text NOT NULL,
	"funded_from" text NOT NULL,
	"order_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text NOT NULL,
	"request" jsonb NOT NULL,
	"provider_ref" text,
	"failure_code" text,
	"anomaly" text,
	"next_attempt_at" timestamp (3) with time zone,
	"locked_until" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"settled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "refund_events_instruction_idx" ON "refund_events" USING btree ("instruction_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_events_provider_event_uq" ON "refund_events" USING btree ("provider_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_instructions_key_uq" ON "refund_instructions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "refund_instructions_case_remedy_uq" ON "refund_instructions" USING btree ("tenant_id","case_id","remedy_index");--> statement-breakpoint
CREATE INDEX "refund_instructions_order_idx" ON "refund_instructions" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "refund_instructions_due_idx" ON "refund_instructions" USING btree ("next_attempt_at") WHERE "refund_instructions"."status" in ('pending', 'retrying', 'sent');--> statement-breakpoint
-- A refund's history is a record: append-only at the database.
CREATE TRIGGER refund_events_append_only
  BEFORE UPDATE OR DELETE ON refund_events
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
--> statement-breakpoint
CREATE TABLE "mass_refund_claims" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"mass_refund_id" text NOT NULL,
	"order_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"instruction_id" text,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mass_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"event_id" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"total_orders" integer NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"cursor" text,
	"instructed_fen" bigint DEFAULT 0 NOT NULL,
	"started_by" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
DROP INDEX "orders_tenant_event_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "mass_refund_claims_order_uq" ON "mass_refund_claims" USING btree ("mass_refund_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mass_refunds_event_reason_uq" ON "mass_refunds" USING btree ("tenant_id","event_id","reason");--> statement-breakpoint
CREATE INDEX "orders_tenant_event_idx" ON "orders" USING btree ("tenant_id","event_id","id");