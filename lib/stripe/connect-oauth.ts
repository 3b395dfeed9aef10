import "server-only";
import Stripe from "stripe";
import type { StripeMode } from "@/db/schema";
import { env, type Env } from "@/lib/env";
import { createStripeClient } from "./client";
import { stripeEnvDefaultsFor } from "./env-defaults";

const DEFAULT_CONNECT_BASE = "https://connect.stripe.com";

/**
 * Connect is offered in a mode when the platform has a client id (ca_…) and its own secret key for
 * that mode (STRIPE_SECRET_KEY is one mode's key, so Connect works in that mode only).
 */
export function connectPlatformFor(mode: StripeMode, config: Env = env()): { clientId: string; secretKey: string; publishableKey: string | null } | null {
  const clientId = config.STRIPE_CONNECT_CLIENT_ID;
  const keys = stripeEnvDefaultsFor(mode, config);
  if (!clientId || !keys.secretKey) return null;
  return { clientId, secretKey: keys.secretKey, publishableKey: keys.publishableKey };
}

/** True once Connect is configured at all: the platform key then serves Connect only (see resolve.ts). */
export function connectConfigured(config: Env = env()): boolean {
  return Boolean(config.STRIPE_CONNECT_CLIENT_ID);
}

function connectBase(config: Env = env()): URL {
  return new URL(config.STRIPE_CONNECT_BASE ?? config.STRIPE_API_BASE ?? DEFAULT_CONNECT_BASE);
}

/**
 * Stripe's OAuth page for Standard accounts. Built here rather than with `stripe.oauth.authorizeUrl`,
 * which always writes `https://` and so cannot name a local stand-in (STRIPE_CONNECT_BASE).
 */
export function connectAuthorizeUrl({ clientId, state, redirectUri }: { clientId: string; state: string; redirectUri: string }): string {
  const url = new URL("/oauth/authorize", connectBase());
  url.search = new URLSearchParams({ response_type: "code", client_id: clientId, scope: "read_write", state, redirect_uri: redirectUri }).toString();
  return url.toString();
}

/**
 * The platform client for connect.stripe.com calls. The SDK sends `apiBase: 'connect'` requests to
 * its `host` when one is configured, so a client whose host is STRIPE_CONNECT_BASE reaches the
 * stand-in in tests; without it the SDK's own connect.stripe.com is used.
 */
function connectClient(secretKey: string): Stripe {
  const base = env().STRIPE_CONNECT_BASE;
  return createStripeClient(secretKey, { timeoutMs: 15_000, maxNetworkRetries: 1, ...(base ? { base } : {}) });
}

export type ConnectExchange = { ok: true; accountId: string; livemode: boolean } | { ok: false; message: string };

/** POST /oauth/token: the authorization code for the connected account's id (the access token is not kept). */
export async function exchangeConnectCode(platform: { secretKey: string }, code: string): Promise<ConnectExchange> {
  try {
    const token = await connectClient(platform.secretKey).oauth.token({ grant_type: "authorization_code", code });
    if (!token.stripe_user_id) return { ok: false, message: "Stripe did not name the connected account. Try connecting again." };
    return { ok: true, accountId: token.stripe_user_id, livemode: token.livemode ?? false };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      // invalid_grant: the code was used already or expired (Stripe's codes live a few minutes).
      return { ok: false, message: "Stripe refused the authorization (it may have expired or been used already). Press “Connect with Stripe” again." };
    }
    throw error;
  }
}

/** POST /oauth/deauthorize. An account that already disconnected us counts as done. */
export async function deauthorizeConnectAccount(platform: { clientId: string; secretKey: string }, accountId: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await connectClient(platform.secretKey).oauth.deauthorize({ client_id: platform.clientId, stripe_user_id: accountId });
    return { ok: true };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      if (error.statusCode === 401 || error.statusCode === 403 || error.code === "invalid_client") return { ok: true };
      if (error instanceof Stripe.errors.StripeConnectionError) return { ok: false, message: "Could not reach Stripe to disconnect. Try again in a minute." };
      return { ok: false, message: "Stripe could not disconnect the account right now. Try again in a minute." };
    }
    throw error;
  }
}
