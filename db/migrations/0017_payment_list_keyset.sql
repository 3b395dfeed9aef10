DROP INDEX "payments_tenant_user_created_idx";--> statement-breakpoint
DROP INDEX "payments_tenant_created_idx";--> statement-breakpoint
CREATE INDEX "payments_tenant_customer_unlinked_idx" ON "payments" USING btree ("tenant_id","stripe_customer_id","created_at","id") WHERE "payments"."user_id" is null;--> statement-breakpoint
CREATE INDEX "payments_tenant_user_created_idx" ON "payments" USING btree ("tenant_id","user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payments_tenant_created_idx" ON "payments" USING btree ("tenant_id","created_at","id");