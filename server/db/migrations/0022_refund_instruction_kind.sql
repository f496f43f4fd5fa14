DROP INDEX "refund_instructions_case_remedy_uq";--> statement-breakpoint
ALTER TABLE "refund_instructions" ADD COLUMN "kind" text DEFAULT 'refund' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "refund_instructions_case_remedy_kind_uq" ON "refund_instructions" USING btree ("tenant_id","case_id","remedy_index","kind");