CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"run_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"locked_until" timestamp (3) with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "deadline_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"deadline_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"kind" text NOT NULL,
	"owner" text NOT NULL,
	"deadline_kind" text NOT NULL,
	"instance" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deadlines" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"kind" text NOT NULL,
	"owner" text NOT NULL,
	"clause" text NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"target" jsonb NOT NULL,
	"pause_statuses" text[] DEFAULT '{}'::text[] NOT NULL,
	"warn_percent" integer,
	"on_breach" text NOT NULL,
	"due_at" timestamp (3) with time zone,
	"warn_at" timestamp (3) with time zone,
	"paused_since" timestamp (3) with time zone,
	"provisional" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"next_fire_at" timestamp (3) with time zone,
	"warned_at" timestamp (3) with time zone,
	"settled_at" timestamp (3) with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subject_statuses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"status" text NOT NULL,
	"entered_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_tenant_dedupe_uq" ON "jobs" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_events_once_uq" ON "deadline_events" USING btree ("deadline_id","kind","instance") WHERE "deadline_events"."kind" in ('warned', 'breached', 'met', 'cancelled');--> statement-breakpoint
CREATE INDEX "deadline_events_tenant_idx" ON "deadline_events" USING btree ("tenant_id","kind","at");--> statement-breakpoint
CREATE INDEX "deadlines_fire_idx" ON "deadlines" USING btree ("next_fire_at") WHERE "deadlines"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "deadlines_subject_idx" ON "deadlines" USING btree ("tenant_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "deadlines_provisional_idx" ON "deadlines" USING btree ("tenant_id") WHERE "deadlines"."status" = 'pending' and "deadlines"."provisional";--> statement-breakpoint
CREATE INDEX "subject_statuses_subject_idx" ON "subject_statuses" USING btree ("tenant_id","subject_type","subject_id","entered_at");