CREATE TABLE "connect_unrouted_events" (
	"mode" "stripe_mode" NOT NULL,
	"event_id" text NOT NULL,
	"account_id" text,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connect_unrouted_events_mode_event_id_pk" PRIMARY KEY("mode","event_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_connect_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"mode" "stripe_mode" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_settings" ADD COLUMN "connect_account_id" text;--> statement-breakpoint
ALTER TABLE "stripe_settings" ADD COLUMN "connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_settings" ADD COLUMN "disconnected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stripe_connect_states" ADD CONSTRAINT "stripe_connect_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_connect_states" ADD CONSTRAINT "stripe_connect_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stripe_connect_states_expires_idx" ON "stripe_connect_states" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_settings_connect_account_uq" ON "stripe_settings" USING btree ("mode","connect_account_id") WHERE "stripe_settings"."connect_account_id" is not null;