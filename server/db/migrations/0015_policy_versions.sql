CREATE TABLE "policy_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"pack_id" text NOT NULL,
	"kind" text NOT NULL,
	"scenario" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp (3) with time zone NOT NULL,
	"order_scope" text NOT NULL,
	"pack" jsonb NOT NULL,
	"previous_version" integer NOT NULL,
	"rights_diff" jsonb NOT NULL,
	"published_by" jsonb NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_tenant_pack_version_uq" ON "policy_versions" USING btree ("tenant_id","pack_id","version");--> statement-breakpoint
CREATE INDEX "policy_versions_tenant_idx" ON "policy_versions" USING btree ("tenant_id","published_at");--> statement-breakpoint
-- A published policy version is immutable: a newer version supersedes it (seed 002 §32 judges a case under
-- the version in force when the platform stepped in, so the old one must stay exactly as it was).
CREATE TRIGGER policy_versions_append_only
  BEFORE UPDATE OR DELETE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION accord_refuse_change();
