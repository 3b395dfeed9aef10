CREATE TABLE "stripe_promotion_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"last_event_created" bigint NOT NULL,
	"last_event_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"object_kind" text NOT NULL,
	"stripe_id" text NOT NULL,
	"stripe_coupon_id" text NOT NULL,
	"state" text NOT NULL,
	"expires_at" timestamp with time zone,
	"max_redemptions" integer,
	"times_redeemed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_promotion_states" ADD CONSTRAINT "stripe_promotion_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_promotion_states_uq" ON "stripe_promotion_states" USING btree ("tenant_id","mode","stripe_id");