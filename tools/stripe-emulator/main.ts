// `npm run stripe:emulator`: runs the emulator on STRIPE_EMULATOR_PORT (default 12111) until
// SIGINT/SIGTERM. Create accounts with POST /_emulator/accounts; see GET /_emulator for routes.
import { startStripeEmulator } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
  const host = process.env.STRIPE_EMULATOR_HOST ?? '127.0.0.1';
  const emulator = await startStripeEmulator({ port, host });
  console.log(`Stripe emulator listening on ${emulator.url}`);
  console.log(`Control routes: ${emulator.url}/_emulator   Test Stripe.js: ${emulator.url}/stripe.js`);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Received ${signal}, shutting down`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
