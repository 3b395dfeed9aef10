CREATE TYPE "public"."catalog_price_interval" AS ENUM('month', 'year');--> statement-breakpoint
CREATE TYPE "public"."catalog_price_type" AS ENUM('one_time', 'recurring');--> statement-breakpoint
CREATE TYPE "public"."catalog_product_kind" AS ENUM('membership_plan', 'event_ticket', 'credit_package', 'other');--> statement-breakpoint
CREATE TYPE "public"."catalog_object_kind" AS ENUM('product', 'price');--> statement-breakpoint
CREATE TYPE "public"."catalog_sync_status" AS ENUM('synced', 'pending', 'not_mapped', 'error');--> statement-breakpoint
CREATE TABLE "catalog_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"type" "catalog_price_type" NOT NULL,
	"interval" "catalog_price_interval",
	"interval_count" integer,
	"credits" integer,
	"nickname" text,
	"active" boolean DEFAULT true NOT NULL,
	"replaced_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" "catalog_product_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entitlement_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"feature_keys" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_entitlement_sets" (
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"entitlement_set_id" uuid NOT NULL,
	CONSTRAINT "product_entitlement_sets_product_id_entitlement_set_id_pk" PRIMARY KEY("product_id","entitlement_set_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_catalog_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"object_kind" "catalog_object_kind" NOT NULL,
	"local_id" uuid NOT NULL,
	"stripe_id" text,
	"status" "catalog_sync_status" DEFAULT 'pending' NOT NULL,
	"error_message" text,
	"synced_version" integer DEFAULT 0 NOT NULL,
	"last_synced_at" timestamp with time zone,
	"remote_state" text,
	"remote_changed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_unmanaged_objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"object_kind" "catalog_object_kind" NOT NULL,
	"stripe_id" text NOT NULL,
	"label" text,
	"active" text DEFAULT 'active' NOT NULL,
	"last_event_type" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"entitlement_set_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"granted_by" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_stripe_customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_prices" ADD CONSTRAINT "catalog_prices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_prices" ADD CONSTRAINT "catalog_prices_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_products" ADD CONSTRAINT "catalog_products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlement_sets" ADD CONSTRAINT "entitlement_sets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_entitlement_sets" ADD CONSTRAINT "product_entitlement_sets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_entitlement_sets" ADD CONSTRAINT "product_entitlement_sets_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_entitlement_sets" ADD CONSTRAINT "product_entitlement_sets_entitlement_set_id_entitlement_sets_id_fk" FOREIGN KEY ("entitlement_set_id") REFERENCES "public"."entitlement_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_catalog_mappings" ADD CONSTRAINT "stripe_catalog_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_unmanaged_objects" ADD CONSTRAINT "stripe_unmanaged_objects_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_entitlement_set_id_entitlement_sets_id_fk" FOREIGN KEY ("entitlement_set_id") REFERENCES "public"."entitlement_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_stripe_customers" ADD CONSTRAINT "member_stripe_customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_stripe_customers" ADD CONSTRAINT "member_stripe_customers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_prices_tenant_product_idx" ON "catalog_prices" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE INDEX "catalog_products_tenant_idx" ON "catalog_products" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "entitlement_sets_tenant_idx" ON "entitlement_sets" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "product_entitlement_sets_tenant_idx" ON "product_entitlement_sets" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_catalog_mappings_local_uq" ON "stripe_catalog_mappings" USING btree ("tenant_id","mode","object_kind","local_id");--> statement-breakpoint
CREATE INDEX "stripe_catalog_mappings_stripe_idx" ON "stripe_catalog_mappings" USING btree ("tenant_id","mode","stripe_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_unmanaged_objects_uq" ON "stripe_unmanaged_objects" USING btree ("tenant_id","mode","stripe_id");--> statement-breakpoint
CREATE INDEX "access_grants_tenant_user_idx" ON "access_grants" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_invites_token_uq" ON "member_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "member_stripe_customers_member_uq" ON "member_stripe_customers" USING btree ("tenant_id","user_id","mode");--> statement-breakpoint
CREATE UNIQUE INDEX "member_stripe_customers_customer_uq" ON "member_stripe_customers" USING btree ("tenant_id","mode","stripe_customer_id");