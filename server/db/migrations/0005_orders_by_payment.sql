DROP INDEX "orders_tenant_buyer_idx";--> statement-breakpoint
DROP INDEX "orders_tenant_merchant_idx";--> statement-breakpoint
CREATE INDEX "orders_tenant_paid_idx" ON "orders" USING btree ("tenant_id","paid_at","id");--> statement-breakpoint
CREATE INDEX "orders_tenant_buyer_idx" ON "orders" USING btree ("tenant_id","buyer_external_id","paid_at","id");--> statement-breakpoint
CREATE INDEX "orders_tenant_merchant_idx" ON "orders" USING btree ("tenant_id","merchant_id","paid_at","id");