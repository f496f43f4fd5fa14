CREATE TABLE "case_counters" (
	"tenant_id" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_counters_tenant_id_year_pk" PRIMARY KEY("tenant_id","year")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"case_id" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor" jsonb NOT NULL,
	"action" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"visibility" text NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"case_id" text NOT NULL,
	"author" jsonb NOT NULL,
	"visibility" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"is_open" boolean NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"scenario" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_merchant_id" text NOT NULL,
	"order_id" text,
	"order_snapshot" jsonb,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"requested_remedy" text NOT NULL,
	"requested_amount_fen" bigint NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"fast_track" boolean DEFAULT false NOT NULL,
	"team" text NOT NULL,
	"assignee_id" text,
	"filed_by" jsonb NOT NULL,
	"policy" jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_by" text,
	"suspended_from" text,
	"appealed" boolean DEFAULT false NOT NULL,
	"rating" smallint,
	"version" integer DEFAULT 1 NOT NULL,
	"stage_entered_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_messages_case_idx" ON "case_messages" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_tenant_number_uq" ON "cases" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_one_open_per_order_issue_uq" ON "cases" USING btree ("tenant_id","claimant_id","order_id","category") WHERE "cases"."is_open" and "cases"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("tenant_id","stage","created_at");--> statement-breakpoint
CREATE INDEX "cases_claimant_idx" ON "cases" USING btree ("tenant_id","claimant_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_respondent_idx" ON "cases" USING btree ("tenant_id","respondent_merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("tenant_id","assignee_id","stage");