import type { Metadata } from "next";
import { connection } from "next/server";
import { UnsubscribeWithUndo } from "@/components/mail/unsubscribe-with-undo";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { describeUnsubscribe } from "@/lib/mail/notice-settings";
import { undoUnsubscribeAction, unsubscribeAction } from "./actions";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

/**
 * The link in an optional mail's footer: works signed out; a button, because opening a link must
 * not change anything; then "Undo", with the signed undo token the unsubscribe handed back.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  await connection();
  const token = (await searchParams).token ?? "";
  const target = token ? await describeUnsubscribe(await getDb(), token) : null;
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      {target ? (
        <Card title="Unsubscribe" description={`Stop ${target.label.toLowerCase()} from ${target.tenantName}. Mail about payments you owe is still sent.`}>
          <UnsubscribeWithUndo unsubscribe={unsubscribeAction.bind(null, { token })} undo={undoUnsubscribeAction} label={target.label.toLowerCase()} />
        </Card>
      ) : (
        <Card title="This link is not valid" description="It may have been cut off by your mail program. Sign in and change your notices under E-mail notices instead.">
          <span />
        </Card>
      )}
    </main>
  );
}
