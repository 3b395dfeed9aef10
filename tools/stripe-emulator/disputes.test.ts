import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { API_VERSION, eventTypes, sdkFor, startReceiver, waitFor, type Receiver } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let receiver: Receiver;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [50] });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  receiver = await startReceiver();
  await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated'], api_version: API_VERSION });
});
afterAll(async () => {
  await receiver.close();
  await emulator.close();
});

async function payWith(pm: string, amount = 4200): Promise<Stripe.PaymentIntent> {
  const pi = await stripe.paymentIntents.create({ amount, currency: 'usd', automatic_payment_methods: { enabled: true } });
  return stripe.paymentIntents.confirm(pi.id, { payment_method: pm, return_url: 'http://127.0.0.1/return' });
}

async function disputeOf(pi: Stripe.PaymentIntent): Promise<Stripe.Dispute> {
  let found: Stripe.Dispute | undefined;
  const deadline = Date.now() + 3000;
  while (!found && Date.now() < deadline) {
    found = (await stripe.disputes.list({ payment_intent: pi.id })).data[0];
    if (!found) await new Promise((r) => setTimeout(r, 30));
  }
  if (!found) throw new Error('no dispute opened');
  return found;
}

const disputeEvents = (id: string) =>
  receiver.received.map((r) => JSON.parse(r.rawBody) as Stripe.Event).filter((e) => e.type.startsWith('charge.dispute.') && (e.data.object as Stripe.Dispute).id === id);

describe('disputes', () => {
  it('the dispute card succeeds, then a fraudulent dispute opens with its funds withdrawn', async () => {
    const pi = await payWith('pm_card_createDispute');
    expect(pi.status).toBe('succeeded');
    const dispute = await disputeOf(pi);
    expect(dispute).toMatchObject({ object: 'dispute', amount: 4200, currency: 'usd', reason: 'fraudulent', status: 'needs_response', charge: pi.latest_charge, payment_intent: pi.id });
    expect(dispute.evidence_details).toMatchObject({ has_evidence: false, submission_count: 0, past_due: false });
    expect(dispute.evidence_details.due_by).toBeGreaterThan(dispute.created);
    const events = await waitFor(() => disputeEvents(dispute.id).length >= 2 && disputeEvents(dispute.id));
    expect(events.map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    const withdrawn = events[1]!.data.object as Stripe.Dispute;
    expect(withdrawn.balance_transactions.map((t) => t.net)).toEqual([-(4200 + 1500)]);
    const charge = await stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge.disputed).toBe(true);
    // Other cards open nothing.
    const plain = await payWith('pm_card_visa');
    await new Promise((r) => setTimeout(r, 250));
    expect((await stripe.disputes.list({ payment_intent: plain.id })).data).toEqual([]);
  });

  it('winning evidence: under review, then won with the funds reinstated', async () => {
    const dispute = await disputeOf(await payWith('pm_card_createDispute'));
    const updated = await stripe.disputes.update(dispute.id, { evidence: { customer_name: 'Ada', product_description: 'Annual pass', uncategorized_text: 'winning_evidence' }, submit: true });
    expect(updated.status).toBe('under_review');
    expect(updated.evidence).toMatchObject({ customer_name: 'Ada', product_description: 'Annual pass', uncategorized_text: 'winning_evidence', receipt: null });
    expect(updated.evidence_details).toMatchObject({ has_evidence: true, submission_count: 1, submission_method: 'manual' });
    const events = await waitFor(() => disputeEvents(dispute.id).length >= 5 && disputeEvents(dispute.id));
    expect(events.map((e) => e.type)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
    const final = await stripe.disputes.retrieve(dispute.id);
    expect(final.status).toBe('won');
    expect(final.balance_transactions.reduce((n, t) => n + t.net, 0)).toBe(0);
    // A closed dispute takes no more evidence.
    await expect(stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'more' } })).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
  });

  it('staged evidence (submit=false) keeps it open; losing evidence loses; close accepts; files must exist', async () => {
    const dispute = await disputeOf(await payWith('pm_card_createDispute'));
    const staged = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' }, submit: false });
    expect(staged.status).toBe('needs_response');
    await expect(stripe.disputes.update(dispute.id, { evidence: { receipt: 'file_missing' } })).rejects.toMatchObject({ param: 'evidence[receipt]' });
    await expect(stripe.disputes.update(dispute.id, { evidence: { not_a_field: 'x' } as Stripe.DisputeUpdateParams.Evidence })).rejects.toMatchObject({ code: 'parameter_unknown' });
    await stripe.disputes.update(dispute.id, { submit: true });
    await waitFor(() => disputeEvents(dispute.id).some((e) => e.type === 'charge.dispute.closed'));
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('lost');

    const accepted = await disputeOf(await payWith('pm_card_createDispute'));
    expect((await stripe.disputes.close(accepted.id)).status).toBe('lost');
    await expect(stripe.disputes.close(accepted.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
    expect(eventTypes(receiver)).toContain('charge.dispute.closed');
  });
});

describe('files (dispute evidence)', () => {
  const pdf = Buffer.from('%PDF-1.4\n% evidence\n%%EOF\n', 'utf8');

  it('uploads as multipart through the SDK, and a dispute takes the file as evidence', async () => {
    const file = await stripe.files.create({ purpose: 'dispute_evidence', file: { data: pdf, name: 'receipt.pdf', type: 'application/pdf' } });
    expect(file).toMatchObject({ object: 'file', purpose: 'dispute_evidence', filename: 'receipt.pdf', size: pdf.length, type: 'pdf' });
    expect((await stripe.files.retrieve(file.id)).id).toBe(file.id);
    const dispute = await disputeOf(await payWith('pm_card_createDispute'));
    const updated = await stripe.disputes.update(dispute.id, { evidence: { receipt: file.id }, submit: false });
    expect(updated.evidence.receipt).toBe(file.id);
    expect(updated.evidence_details.has_evidence).toBe(true);
  });

  it('refuses what Stripe refuses: other types, a form-encoded "file"', async () => {
    await expect(stripe.files.create({ purpose: 'dispute_evidence', file: { data: Buffer.from('MZ'), name: 'x.exe', type: 'application/x-msdownload' } })).rejects.toMatchObject({ param: 'file' });
    const res = await fetch(`${emulator.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${account.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'purpose=dispute_evidence&file[name]=a.pdf' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('file');
  });
});
