"use client";

import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { SLUG_MAX, suggestSlug } from "@/lib/tenants/suggest-slug";

/**
 * Organisation name and URL slug. The slug follows the name until the person edits it; the server
 * validates it again (format, reserved words, taken) whatever the browser sent.
 */
export function OrganisationFields({ portalOrigin }: { portalOrigin: string }) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [edited, setEdited] = useState(false);
  return (
    <>
      <TextField
        label="Organisation name"
        name="organisationName"
        required
        minLength={2}
        maxLength={100}
        autoComplete="organization"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (!edited) setSlug(suggestSlug(e.target.value));
        }}
      />
      <TextField
        label="Address"
        name="slug"
        required
        minLength={3}
        maxLength={SLUG_MAX}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        autoComplete="off"
        spellCheck={false}
        value={slug}
        onChange={(e) => {
          setEdited(true);
          setSlug(e.target.value.toLowerCase());
        }}
        hint={`Your portal will be at ${portalOrigin}/${slug || "your-organisation"}. Lowercase letters, digits and hyphens.`}
      />
    </>
  );
}
