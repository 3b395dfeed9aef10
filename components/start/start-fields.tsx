"use client";

import { useState, type ChangeEvent } from "react";
import { TextField } from "@/components/ui/field";
import { SLUG_MAX, suggestSlug } from "@/lib/tenants/suggest-slug";

type Values = { organisationName: string; slug: string; name: string; email: string; password: string };

/**
 * The sign-up form's fields. All controlled, so a refused submission (address taken, e-mail in use)
 * keeps what was typed: React resets uncontrolled fields after a form action. The password too
 * (the refusals here are about the address or the e-mail, never the password). The slug follows the
 * name until the person edits it; the server validates everything again whatever the browser sent.
 */
export function StartFields({ portalOrigin, askFounder }: { portalOrigin: string; askFounder: boolean }) {
  const [v, setV] = useState<Values>({ organisationName: "", slug: "", name: "", email: "", password: "" });
  const [slugEdited, setSlugEdited] = useState(false);
  const bind = (key: keyof Values) => ({ name: key, value: v[key], onChange: (e: ChangeEvent<HTMLInputElement>) => setV({ ...v, [key]: e.target.value }) });
  return (
    <>
      <TextField
        label="Organisation name"
        required
        minLength={2}
        maxLength={100}
        autoComplete="organization"
        {...bind("organisationName")}
        onChange={(e) => setV({ ...v, organisationName: e.target.value, slug: slugEdited ? v.slug : suggestSlug(e.target.value) })}
      />
      <TextField
        label="Address"
        required
        minLength={3}
        maxLength={SLUG_MAX}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        autoComplete="off"
        spellCheck={false}
        {...bind("slug")}
        onChange={(e) => {
          setSlugEdited(true);
          setV({ ...v, slug: e.target.value.toLowerCase() });
        }}
        hint={`Your portal will be at ${portalOrigin}/${v.slug || "your-organisation"}. Lowercase letters, digits and hyphens.`}
      />
      {askFounder ? (
        <fieldset className="space-y-4 border-t border-slate-100 pt-4">
          <legend className="sr-only">You, its first admin</legend>
          <p aria-hidden className="text-sm font-semibold text-slate-900">
            You, its first admin
          </p>
          <TextField label="Your name" required maxLength={100} autoComplete="name" {...bind("name")} />
          <TextField label="E-mail" type="email" required maxLength={254} autoComplete="email" {...bind("email")} />
          <TextField label="Password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" hint="At least 10 characters." data-kept-on-error {...bind("password")} />
        </fieldset>
      ) : null}
    </>
  );
}
