-- A case's policy snapshot is stored once per content and referenced (cases.policy_key) instead of copied into
-- every case (about 4 KB of JSON that every filing serialized, sent, parsed, compressed and logged). When the
-- platform stepped in was the one thing in a snapshot particular to its case (pack.intervenedAt): it moves to
-- the case (cases.intervened_at), so cases under one pack version share one snapshot. Existing cases keep
-- exactly the policy they had: each distinct snapshot becomes one row, keyed by the SHA-256 of its jsonb text
-- (new rows: of its canonical JSON, computed in Node; both are derived from the content only).
CREATE TABLE "case_policies" (
	"key" text PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "intervened_at" timestamp (3) with time zone;--> statement-breakpoint
UPDATE "cases" SET "intervened_at" = ("policy" #>> '{pack,intervenedAt}')::timestamptz,
                   "policy" = "policy" #- '{pack,intervenedAt}'
 WHERE "policy" #> '{pack,intervenedAt}' IS NOT NULL;--> statement-breakpoint
INSERT INTO "case_policies" ("key", "policy")
SELECT DISTINCT ON (k) k, "policy"
  FROM (SELECT 'sha256:' || encode(sha256(convert_to("policy"::text, 'UTF8')), 'hex') AS k, "policy" FROM "cases") s
 ORDER BY k;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "policy_key" text;--> statement-breakpoint
UPDATE "cases" SET "policy_key" = 'sha256:' || encode(sha256(convert_to("policy"::text, 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "policy_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_policy_key_case_policies_key_fk" FOREIGN KEY ("policy_key") REFERENCES "public"."case_policies"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" DROP COLUMN "policy";
