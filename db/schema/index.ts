export * from "./tenants";
export * from "./auth";
export * from "./memberships";
export * from "./audit-log";
export * from "./login-attempts";
export * from "./stripe-settings";
export * from "./webhook-events";
export * from "./stripe-projections";
