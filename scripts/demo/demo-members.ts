// The demo club's members and what each of them does over the generated months. Plain data, so the
// story is easy to read and to change: day 0 is the first day of the history (about six months ago).

export type PlanKey = "basic-month" | "premium-month" | "premium-year" | "berlin-month";
export type OneTimeKey = "workshop" | "bootcamp" | "credits-50" | "credits-100";

export type MemberStory = {
  name: string;
  /** Local part of the e-mail address (…@acme.test); "member" is the demo's sign-in account. */
  email: string;
  /** Day they subscribe, and to what (none: a member who has not bought anything yet). */
  join?: { day: number; plan: PlanKey };
  /** Mid-cycle plan change (an upgrade or a downgrade), on this day. */
  change?: { day: number; plan: PlanKey };
  /** Cancels at the end of the period, asked on this day (churn at the period's end). */
  cancel?: number;
  /** From this day the saved card declines; the next renewal fails. Recovers (pays with a good card) `recoverAfter` days after the failure. */
  cardFails?: { day: number; recoverAfter?: number };
  /** One-time purchases; `refund` refunds it this many days later (`partial`: half of it). */
  buys?: { day: number; item: OneTimeKey; refund?: { after: number; partial?: boolean } }[];
};

export const HISTORY_DAYS = 182;

export const MEMBER_STORIES: MemberStory[] = [
  { name: "Max Member", email: "member", join: { day: 20, plan: "premium-month" }, buys: [{ day: 41, item: "workshop" }, { day: 90, item: "credits-50" }] },
  { name: "Olivia Hart", email: "olivia.hart", join: { day: 1, plan: "basic-month" }, change: { day: 47, plan: "premium-month" } },
  { name: "Liam Becker", email: "liam.becker", join: { day: 2, plan: "premium-year" }, buys: [{ day: 60, item: "bootcamp" }] },
  { name: "Emma Rossi", email: "emma.rossi", join: { day: 4, plan: "basic-month" }, cancel: 70 },
  { name: "Noah Kim", email: "noah.kim", join: { day: 6, plan: "premium-month" }, cardFails: { day: 50, recoverAfter: 2 } },
  { name: "Sophia Novak", email: "sophia.novak", join: { day: 9, plan: "berlin-month" } },
  { name: "Lucas Silva", email: "lucas.silva", join: { day: 12, plan: "basic-month" }, buys: [{ day: 30, item: "workshop", refund: { after: 3 } }] },
  { name: "Mia Jensen", email: "mia.jensen", join: { day: 15, plan: "premium-month" }, change: { day: 100, plan: "basic-month" } },
  { name: "Ethan Brooks", email: "ethan.brooks", join: { day: 18, plan: "basic-month" }, cardFails: { day: 80 } },
  { name: "Ava Laurent", email: "ava.laurent", join: { day: 24, plan: "berlin-month" }, cancel: 120 },
  { name: "Mason Clarke", email: "mason.clarke", join: { day: 27, plan: "premium-month" }, buys: [{ day: 33, item: "credits-100" }] },
  { name: "Isla Murphy", email: "isla.murphy", join: { day: 31, plan: "basic-month" }, change: { day: 75, plan: "premium-month" } },
  { name: "Leo Fischer", email: "leo.fischer", join: { day: 36, plan: "premium-year" } },
  { name: "Chloe Dubois", email: "chloe.dubois", join: { day: 40, plan: "basic-month" }, buys: [{ day: 52, item: "bootcamp", refund: { after: 5, partial: true } }] },
  { name: "Henry Walsh", email: "henry.walsh", join: { day: 44, plan: "premium-month" }, cancel: 130 },
  { name: "Zoe Wagner", email: "zoe.wagner", join: { day: 52, plan: "berlin-month" }, cardFails: { day: 110, recoverAfter: 3 } },
  { name: "Jack Turner", email: "jack.turner", join: { day: 58, plan: "basic-month" } },
  { name: "Lily Andersen", email: "lily.andersen", join: { day: 63, plan: "premium-month" }, buys: [{ day: 64, item: "workshop" }] },
  { name: "Oscar Moreau", email: "oscar.moreau", join: { day: 70, plan: "basic-month" }, change: { day: 118, plan: "premium-month" } },
  { name: "Grace Lee", email: "grace.lee", join: { day: 78, plan: "basic-month" }, cancel: 150 },
  { name: "Samuel Costa", email: "samuel.costa", join: { day: 85, plan: "premium-month" }, cardFails: { day: 140, recoverAfter: 1 } },
  { name: "Ella Schmidt", email: "ella.schmidt", join: { day: 93, plan: "berlin-month" } },
  { name: "Daniel Price", email: "daniel.price", join: { day: 101, plan: "basic-month" }, buys: [{ day: 120, item: "credits-50" }] },
  { name: "Ruby Svensson", email: "ruby.svensson", join: { day: 110, plan: "premium-year" } },
  { name: "Theo Martin", email: "theo.martin", join: { day: 122, plan: "basic-month" } },
  { name: "Freya Olsen", email: "freya.olsen", join: { day: 135, plan: "premium-month" } },
  { name: "Arthur Evans", email: "arthur.evans", join: { day: 150, plan: "basic-month" }, buys: [{ day: 160, item: "workshop" }] },
  { name: "Nora Petrov", email: "nora.petrov", join: { day: 166, plan: "premium-month" } },
  { name: "Felix Wright", email: "felix.wright", buys: [{ day: 140, item: "bootcamp" }] },
  { name: "Hannah Young", email: "hannah.young" },
];
