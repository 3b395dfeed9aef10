import type { ReactNode } from "react";
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

// Inline styles only: mail clients ignore style sheets. Colours match the portal's brand and slate.
const page = { backgroundColor: "#f1f5f9", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", padding: "24px 0" };
const card = { backgroundColor: "#ffffff", borderRadius: "12px", padding: "32px", maxWidth: "560px", border: "1px solid #e2e8f0" };
const brand = { color: "#4f46e5", fontSize: "14px", fontWeight: 700, margin: "0 0 16px" };
const heading = { color: "#0f172a", fontSize: "20px", fontWeight: 600, margin: "0 0 12px" };
const footer = { color: "#64748b", fontSize: "12px", lineHeight: "18px", margin: "0" };
export const paragraph = { color: "#334155", fontSize: "15px", lineHeight: "24px", margin: "0 0 12px" };
const button = { backgroundColor: "#4f46e5", borderRadius: "8px", color: "#ffffff", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" };

/** Every mail's frame: who sends it (the tenant, or MemberPulse), a heading, the body, a footer. */
export function MailLayout({
  sender,
  preview,
  title,
  children,
  footerText,
  unsubscribeUrl,
}: {
  sender: string;
  preview: string;
  title: string;
  children: ReactNode;
  footerText: string;
  /** Optional notices only (lib/mail/notice-preferences.ts): a one-click link that works signed out. */
  unsubscribeUrl?: string | null;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Text style={brand}>{sender}</Text>
          <Heading as="h1" style={heading}>
            {title}
          </Heading>
          {children}
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0 16px" }} />
          <Text style={footer}>{footerText}</Text>
          {unsubscribeUrl ? (
            <Text style={{ ...footer, marginTop: "8px" }}>
              <a href={unsubscribeUrl} style={{ color: "#64748b" }}>
                Unsubscribe from these notices
              </a>
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={paragraph}>{children}</Text>;
}

/** The mail's one action, as a button (the plain-text part shows the URL beside its label). */
export function Action({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button href={href} style={button}>
        {children}
      </Button>
    </Section>
  );
}
