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