import type { Db } from "@/db/client";
import { listCreditPackages } from "@/db/queries/credit-packages";
import { getBalance } from "@/db/queries/credit-ledger";
import { getOrCreateReferralCode, referralStats } from "@/db/queries/referrals";
import { readLedgerPage } from "./ledger-page";
import { loadTopUpOffer } from "./top-up";

const LEDGER_PAGE_SIZE = 20;

/** A member's Credits page: balance, packages on sale, referral code and stats, one ledger page, in parallel. */
export async function loadCreditsView(db: Db, { tenantId, userId, cursor }: { tenantId: string; userId: string; cursor?: string }) {
  const member = { tenantId, userId };
  const [balance, packages, referralCode, referrals, ledger, topUp] = await Promise.all([
    getBalance(db, member),
    listCreditPackages(db, { tenantId }),
    getOrCreateReferralCode(db, member),
    referralStats(db, { tenantId, referrerUserId: userId }),
    // A cursor someone edited by hand just starts over at the newest entries.
    readLedgerPage(db, { ...member, cursor, limit: LEDGER_PAGE_SIZE }).catch(() => readLedgerPage(db, { ...member, limit: LEDGER_PAGE_SIZE })),
    loadTopUpOffer(db, { tenantId }),
  ]);
  return { balance, packages, referralCode, referrals, ledger, topUp };
}
