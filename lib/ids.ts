/**
 * Our row ids are UUIDs. An id from a URL or a request body is checked here before it reaches a
 * query (Postgres would reject a malformed uuid with a 500-worthy error instead of "not found").
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
