/** The admin connection tests use to create (and drop) their throwaway databases. */
export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
