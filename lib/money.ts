/**
 * Money is an integer in the currency's minor unit everywhere (cents, or yen for JPY). Intl knows
 * each currency's number of decimals, so zero-decimal currencies format correctly.
 */
export function minorUnitDigits(currency: string): number {
  return moneyFormat("en-US", currency.toUpperCase()).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const format = moneyFormat(locale, currency.toUpperCase());
  return format.format(amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

// Building an Intl.NumberFormat costs far more than using one (a list page formats every row): one
// per locale and currency, kept for the process. The currency's own digits, shown always.
const formats = new Map<string, Intl.NumberFormat>();
function moneyFormat(locale: string, code: string): Intl.NumberFormat {
  const key = `${locale}|${code}`;
  let format = formats.get(key);
  if (!format) {
    const digits = new Intl.NumberFormat(locale, { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    format = new Intl.NumberFormat(locale, { style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format;
}

/** "12.50" (USD) → 1250, "1000" (JPY) → 1000; null when the text is not a valid amount for the currency. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const trimmed = text.trim().replace(/,/g, "");
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = "0", frac = ""] = trimmed.split(".");
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/** The amount as the admin typed it, for pre-filling a form: 1250 USD → "12.50". */
export function minorToInput(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? String(amountMinor) : (amountMinor / 10 ** digits).toFixed(digits);
}

/**
 * The largest amount Stripe accepts: eight digits in the currency's minor unit ($999,999.99,
 * ¥99,999,999; Stripe's "minimum and maximum charge amounts"). Anything larger is refused by Stripe
 * after we have already written or created things, so the portal refuses it first.
 */
export const MAX_STRIPE_AMOUNT = 99_999_999;

/** "Amount must be at most $999,999.99." — the field error for an amount over Stripe's limit. */
export function amountLimitMessage(currency: string, subject = "Amount"): string {
  return `${subject} must be at most ${formatMoney(MAX_STRIPE_AMOUNT, currency)}.`;
}

/** Credits are minor units too (1 credit = 1 cent), bounded so that no balance or total nears Stripe's limit. */
export const MAX_CREDITS_PER_ENTRY = 10_000_000;
