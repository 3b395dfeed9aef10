import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { TimeZoneCookie } from "@/components/time-zone-cookie";
import { viewerTimeZone } from "@/lib/viewer-date-format";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "MemberPulse", template: "%s · MemberPulse" },
  description: "Client portal with embedded Stripe billing",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  // The emulator's test Stripe.js must define window.Stripe before the app's bundle loads
  // @stripe/stripe-js, so it is a plain synchronous script at the top of <head>. Only set in tests and the demo.
  const testStripeJs = process.env.STRIPE_JS_URL;
  return (
    <html lang="en">
      <head>
        {testStripeJs ? (
          // eslint-disable-next-line @next/next/no-sync-scripts -- must run before the app bundle (see above)
          <script src={testStripeJs} nonce={nonce} />
        ) : null}
      </head>
      <body className="min-h-screen font-sans">
        {process.env.STRIPE_API_BASE ? (
          <div role="status" className="bg-amber-100 px-4 py-1.5 text-center text-xs font-medium text-amber-900">
            Demo: payments go to a local Stripe emulator, not to Stripe. No real money moves.
          </div>
        ) : null}
        {children}
        <TimeZoneCookie rendered={await viewerTimeZone()} />
      </body>
    </html>
  );
}
