import { getDb } from "@/db";
import { unsubscribeWithToken } from "@/lib/mail/notice-settings";

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL in the
 * List-Unsubscribe header, with no cookies. The signed token is the credential. 200 either way for
 * a well-formed request (a client cannot act on our reasons); 400 for anything else.
 */
export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const body = await request.text();
  if (!token || token.length > 1000 || !new URLSearchParams(body).has("List-Unsubscribe")) {
    return Response.json({ error: { code: "invalid_request", message: "Expected a one-click unsubscribe request." } }, { status: 400 });
  }
  const result = await unsubscribeWithToken(await getDb(), token);
  return Response.json({ unsubscribed: result.ok }, { status: result.ok ? 200 : 404 });
}
