ALTER TABLE "refund_instructions" ADD COLUMN "posted_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "refund_instructions_unposted_idx" ON "refund_instructions" USING btree ("settled_at") WHERE "refund_instructions"."posted_at" is null and "refund_instructions"."status" in ('succeeded', 'failed');--> statement-breakpoint
-- Final instructions recorded before this migration were posted in the transaction that recorded them.
UPDATE "refund_instructions" SET "posted_at" = coalesce("settled_at", "updated_at") WHERE "status" in ('succeeded', 'failed');
