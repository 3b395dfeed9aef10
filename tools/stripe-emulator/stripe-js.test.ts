import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type FakeWindow } from './fake-dom';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor, waitFor } from './test-helpers';

type Result = { paymentIntent?: Stripe.PaymentIntent; setupIntent?: Stripe.SetupIntent; error?: Record<string, unknown> };
type Fn = (...args: unknown[]) => Promise<Result>;
type Group = { create(type: string, o?: object): Element; submit(): Promise<Result> };
type Element = { mount(n: unknown): void; on(e: string, fn: (p: unknown) => void): void; off(e: string): void; destroy(): void };

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let source: string;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  const res = await fetch(`${emulator.url}/stripe.js`);
  expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
  source = await res.text();
});
afterAll(() => emulator.close());

/** Loads the script as <script src=".../stripe.js">, mounts a Payment Element, types a card. */
async function mountCard(clientSecret: string, cardNumber: string | null) {
  const win = runScript(source, `${emulator.url}/stripe.js`);
  const instance = win.Stripe?.(account.publishableKey) as Record<string, unknown>;
  const elements = (instance.elements as (o: object) => Group)({ clientSecret });
  const element = elements.create('payment');
  const container = win.document.body.appendChild(win.document.createElement('div'));
  element.mount(container);
  if (cardNumber) {
    win.document.type('Card number', cardNumber);
    win.document.type('Expiration (MM / YY)', '12 / 34');
    win.document.type('CVC', '123');
    win.document.type('ZIP', '94107');
  }
  return { win, instance, elements, element, confirmPayment: instance.confirmPayment as Fn, confirmSetup: instance.confirmSetup as Fn };
}

const newIntent = () => stripe.paymentIntents.create({ amount: 4200, currency: 'usd', automatic_payment_methods: { enabled: true } });
const dialogOf = (win: FakeWindow) => win.document.findAll((n) => n.getAttribute('role') === 'dialog')[0];

describe('test Stripe.js', () => {
  it('defines window.Stripe as a plain function with version endive and a then-less instance', () => {
    const win = runScript(source, `${emulator.url}/stripe.js`);
    expect(typeof win.Stripe).toBe('function');
    expect(win.Stripe?.version).toBe('endive');
    const instance = win.Stripe?.(account.publishableKey) ?? {};
    expect('then' in instance).toBe(false);
    for (const fn of ['elements', 'createToken', 'createPaymentMethod', 'confirmCardPayment', 'confirmPayment', 'confirmSetup', 'retrievePaymentIntent', 'handleNextAction', 'createEmbeddedCheckoutPage', '_registerWrapper', 'registerAppInfo']) {
      expect(typeof instance[fn]).toBe('function');
    }
    expect(() => win.Stripe?.(account.secretKey)).toThrow(/publishable key/);
  });

  it('renders labelled card fields and fires ready asynchronously after mount', async () => {
    const pi = await newIntent();
    const { win, element } = await mountCard(pi.client_secret ?? '', null);
    let ready = false;
    element.on('ready', () => (ready = true));
    expect(ready).toBe(false);
    await waitFor(() => ready);
    expect(win.document.byLabel('Card number').getAttribute('autocomplete')).toBe('cc-number');
    expect(win.document.byLabel('Card number').getAttribute('inputmode')).toBe('numeric');
    expect(win.document.findAll((n) => n.textContent === 'Test card form (Stripe emulator)')).toHaveLength(1);
    element.destroy();
    expect(() => element.off('ready')).not.toThrow();
  });

  it('submit() reports an incomplete form', async () => {
    const pi = await newIntent();
    const { win, elements } = await mountCard(pi.client_secret ?? '', null);
    win.document.type('Card number', '4242');
    expect((await elements.submit()).error).toMatchObject({ type: 'validation_error', code: 'incomplete_number' });
  });

  it('confirmPayment with 4242 returns the succeeded paymentIntent (redirect if_required)', async () => {
    const pi = await newIntent();
    const { elements, confirmPayment } = await mountCard(pi.client_secret ?? '', '4242 4242 4242 4242');
    expect(await elements.submit()).toEqual({});
    const result = await confirmPayment({ elements, confirmParams: { return_url: 'http://localhost:3000/done' }, redirect: 'if_required' });
    expect(result.paymentIntent?.status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('confirmPayment with 9995 returns a card_error like Stripe.js', async () => {
    const pi = await newIntent();
    const { elements, confirmPayment } = await mountCard(pi.client_secret ?? '', '4000 0000 0000 9995');
    const result = await confirmPayment({ elements, confirmParams: { return_url: 'http://localhost:3000/done' }, redirect: 'if_required' });
    expect(result.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('3155 shows the 3D Secure dialog; completing it succeeds, failing it errors', async () => {
    for (const [button, expected] of [['Complete authentication', 'succeeded'], ['Fail authentication', 'error']] as const) {
      const pi = await newIntent();
      const { win, elements, confirmPayment } = await mountCard(pi.client_secret ?? '', '4000 0025 0000 3155');
      const pending = confirmPayment({ elements, confirmParams: { return_url: 'http://localhost:3000/done' }, redirect: 'if_required' });
      const dialog = await waitFor(() => dialogOf(win));
      expect(dialog.getAttribute('aria-label')).toBe('3D Secure authentication');
      win.document.button(button)?.click();
      const result = await pending;
      if (expected === 'succeeded') expect(result.paymentIntent?.status).toBe('succeeded');
      else expect(result.error).toMatchObject({ code: 'payment_intent_authentication_failure' });
      expect(dialogOf(win)).toBeUndefined();
    }
  });

  it('redirect "always" navigates to return_url with Stripe\'s query parameters', async () => {
    const pi = await newIntent();
    const { win, elements, confirmPayment } = await mountCard(pi.client_secret ?? '', '4242424242424242');
    void confirmPayment({ elements, confirmParams: { return_url: 'http://localhost:3000/t/acme/pay/return' } });
    const url = new URL(await waitFor(() => win.assigned[0]));
    expect(url.pathname).toBe('/t/acme/pay/return');
    expect(url.searchParams.get('payment_intent')).toBe(pi.id);
    expect(url.searchParams.get('payment_intent_client_secret')).toBe(pi.client_secret);
    expect(url.searchParams.get('redirect_status')).toBe('succeeded');
  });

  it('handleNextAction after a server-side confirm: in-page dialog with use_stripe_sdk, the hosted page for redirect_to_url', async () => {
    const card = { number: '4000002500003155', exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' };
    const confirmed = async (useStripeSdk: boolean) => {
      const pi = await newIntent();
      const pm = await stripe.paymentMethods.create({ type: 'card', card });
      return stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id, return_url: 'http://localhost:3000/r', ...(useStripeSdk ? { use_stripe_sdk: true } : {}) });
    };
    const inPage = await confirmed(true);
    const win = runScript(source, `${emulator.url}/stripe.js`);
    const instance = win.Stripe?.(account.publishableKey) as Record<string, Fn>;
    const pending = instance.handleNextAction?.({ clientSecret: inPage.client_secret });
    await waitFor(() => dialogOf(win));
    win.document.button('Complete authentication')?.click();
    expect((await pending)?.paymentIntent?.status).toBe('succeeded');

    const redirected = await confirmed(false);
    void instance.handleNextAction?.({ clientSecret: redirected.client_secret });
    expect(await waitFor(() => win.assigned[0])).toBe(redirected.next_action?.redirect_to_url?.url);
  });

  it('confirms with a saved payment method without elements, and confirmSetup saves a card', async () => {
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const setup = await mountCard(si.client_secret ?? '', '4242424242424242');
    const saved = await setup.confirmSetup({ elements: setup.elements, confirmParams: { return_url: 'http://localhost:3000/s' }, redirect: 'if_required' });
    expect(saved.setupIntent?.status).toBe('succeeded');
    const pmId = String(saved.setupIntent?.payment_method);
    const pi = await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', customer: customer.id });
    const win = runScript(source, `${emulator.url}/stripe.js`);
    const instance = win.Stripe?.(account.publishableKey) as Record<string, Fn>;
    const result = await instance.confirmPayment?.({ clientSecret: pi.client_secret, confirmParams: { payment_method: pmId, return_url: 'http://localhost:3000/r' }, redirect: 'if_required' });
    expect(result?.paymentIntent?.status).toBe('succeeded');
    const retrieved = await instance.retrievePaymentIntent?.(pi.client_secret);
    expect(retrieved?.paymentIntent?.id).toBe(pi.id);
  });
});
