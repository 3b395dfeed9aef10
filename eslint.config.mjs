import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const STRIPE_RUNTIME = { name: "stripe", message: "Only lib/stripe talks to Stripe: call a function from there (types: `import type Stripe`)." };
const NO_APP = { group: ["@/app/*", "**/app/*"], message: "Nothing imports from app/: move the code (or the server action) into lib/ and pass it down." };
const NO_COMPONENTS = { group: ["@/components/*"], message: "Only app/ and components/ render components." };
const NO_EMULATOR = {
  group: ["@/tools/*", "**/tools/*"],
  message: "The Stripe emulator (tools/stripe-emulator) is test infrastructure, never in the app: the app knows only STRIPE_API_BASE.",
};
const NO_QUERIES = {
  group: ["@/db/queries", "@/db/queries/*", "**/db/queries", "**/db/queries/*"],
  message: "Pages, route handlers and route-local actions only render and answer: call a load…View or a service in lib/<domain>/ instead of db/queries (`getDb` from @/db and `import type` stay allowed; see docs/architecture.md).",
};

/** A rule refuses runtime imports only, unless it says `allowTypeImports: false` (then `import type` too). */
function restrict(files, { paths = [], patterns = [], ignores = [] }) {
  return {
    files,
    ignores,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { paths: paths.map((p) => ({ allowTypeImports: true, ...p })), patterns: patterns.map((p) => ({ allowTypeImports: true, ...p })) }] },
  };
}

export function boundaries() {
  return [
    restrict(["components/**/*.{ts,tsx}"], {
      paths: [STRIPE_RUNTIME],
      patterns: [NO_APP, NO_EMULATOR, {
          group: ["@/db", "@/db/*", "**/db/*"],
          allowTypeImports: false,
          message: "Components do not read the database, nor name its types: the page loads the data (through lib/) and passes it in; stored enums and rows components name come from lib/domain-types.ts.",
        }],
    }),
    restrict(["db/**/*.ts"], {
      paths: [STRIPE_RUNTIME],
      patterns: [NO_APP, NO_COMPONENTS, NO_EMULATOR, { group: ["@/lib/*", "**/lib/*"], message: "db/ is the bottom layer: it must not import lib/." }],
    }),
    restrict(["lib/**/*.{ts,tsx}"], { ignores: ["lib/stripe/**"], paths: [STRIPE_RUNTIME], patterns: [NO_APP, NO_COMPONENTS, NO_EMULATOR] }),
    restrict(["lib/stripe/**/*.ts"], { patterns: [NO_APP, NO_COMPONENTS, NO_EMULATOR] }),
    restrict(["app/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"], { paths: [STRIPE_RUNTIME], patterns: [NO_QUERIES, NO_EMULATOR] }),
  ];
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `_prev` in useActionState actions and similar placeholders are deliberate.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  // Layers (docs/architecture.md): app → lib → db; components render what they are given. Type-only
  // imports are allowed across layers except into components, which import nothing from db/ at all.
  ...boundaries(),
  { ignores: [".next*/**", "node_modules/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tools/stripe-emulator/stripe-js/**"] },
];
export default config;
