ALTER TABLE "users" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "provider_ref" text;