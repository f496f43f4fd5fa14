CREATE TABLE "calendar_notices" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"region" text NOT NULL,
	"year" integer NOT NULL,
	"notice" jsonb NOT NULL,
	"loaded_at" timestamp (3) with time zone NOT NULL,
	"loaded_by" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "calendar_notices_scope_idx" ON "calendar_notices" USING btree ("tenant_id","region","year");