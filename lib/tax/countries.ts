/**
 * Countries offered in the billing-address form (ISO 3166-1 alpha-2, as Stripe takes them). Stripe
 * Tax accepts any country; these are the ones members most often bill from, sorted by name.
 */
export const BILLING_COUNTRIES: readonly { code: string; name: string }[] = [
  { code: "AU", name: "Australia" },
  { code: "AT", name: "Austria" },
  { code: "BE", name: "Belgium" },
  { code: "BR", name: "Brazil" },
  { code: "CA", name: "Canada" },
  { code: "CH", name: "Switzerland" },
  { code: "DK", name: "Denmark" },
  { code: "FI", name: "Finland" },
  { code: "FR", name: "France" },
  { code: "DE", name: "Germany" },
  { code: "IE", name: "Ireland" },
  { code: "IN", name: "India" },
  { code: "IT", name: "Italy" },
  { code: "JP", name: "Japan" },
  { code: "MX", name: "Mexico" },
  { code: "NL", name: "Netherlands" },
  { code: "NZ", name: "New Zealand" },
  { code: "NO", name: "Norway" },
  { code: "PL", name: "Poland" },
  { code: "PT", name: "Portugal" },
  { code: "SG", name: "Singapore" },
  { code: "ES", name: "Spain" },
  { code: "SE", name: "Sweden" },
  { code: "GB", name: "United Kingdom" },
  { code: "US", name: "United States" },
];

export const BILLING_COUNTRY_CODES = BILLING_COUNTRIES.map((c) => c.code);

export function countryName(code: string): string {
  return BILLING_COUNTRIES.find((c) => c.code === code)?.name ?? code;
}
