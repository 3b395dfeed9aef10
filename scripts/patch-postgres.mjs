#!/usr/bin/env node
// Runs from package.json's "postinstall": patches postgres.js 3.4.9 (the newest release) in
// node_modules so that a connection the server closes under load can neither crash the process nor
// hang or mislead a query. Idempotent (a patched file is recognised and left alone) and loud: any
// other content — a new postgres.js version, a changed file — stops the install with a message, so
// the patch is reviewed (and dropped once upstream fixes it) instead of silently not applying.
//
// Why a patch and not a workaround in our code: the faults live in state private to the driver's
// connection closure (its socket, its buffered `chunk`, its `nextWriteTimer`, its queue of sent
// queries). From outside we could only swallow the resulting `uncaughtException`, and that leaves the
// connection poisoned: tried on this machine with 50–300 concurrent transactions and repeated
// pg_terminate_backend, all ten pool connections ended up failing every query after the 30 s
// connect timeout, forever. Upstream reports: porsager/postgres#1066, #1154, #1208 (open PRs #1168,
// #1209). What goes wrong in 3.4.9 (src/connection.js) and what each hunk below changes:
//
// 1. Small writes are buffered in `chunk` and flushed by `setImmediate(nextWrite)`. When the server
//    closes the connection, `closed()` sets `socket = null` and cancels the immediate but leaves
//    `chunk` and `nextWriteTimer` set. A transaction whose query was just rejected then sends its
//    ROLLBACK on that socket-less connection: `nextWrite` runs `socket.write` on null and throws
//    `TypeError: Cannot read properties of null (reading 'write')` from a timer, i.e. an
//    uncaughtException that kills the process; the ROLLBACK never settles; and since the throw skips
//    the reset of `chunk`/`nextWriteTimer`, every later connect on that slot buffers its startup
//    message behind a timer that is never armed again: the slot is dead until a restart.
//    → `execute()` rejects a query at once (CONNECTION_CLOSED) when the connection has no socket;
//      `nextWrite()` drops the bytes and rejects what waited on them instead of throwing; and both
//      teardown paths (`terminate()`, `closed()`) reset `chunk` and `nextWriteTimer`.
// 2. After a socket 'error' (ECONNRESET, as a terminated backend often ends on Linux) and before
//    its 'close', a query can still be queued on the dying socket; `closed(hadError = true)` did not
//    reject it, so it stayed in the queue of sent queries and the next connection attributed the
//    next answer to it: one query resolved with another query's result, and the last one waited
//    forever (seen here as a hung transaction).
//    → `closed()` rejects whatever is still queued or in flight, whatever the close reason, and
//      forgets the in-flight query and any half-received error, so nothing carries over to the
//      next socket.
// 3. Each new connection fetches array types with an internal query whose promise nobody awaits;
//    when the connection dies meanwhile that rejection is unhandled (the waiting query is rejected
//    through its own path anyway). → the internal promise's rejection is handled.
// 4. (src/index.js) A transaction's handle keeps sending queries to "its" connection even after that
//    connection was closed and handed to someone else: a query issued after the server ended the
//    transaction (idle_in_transaction_session_timeout) would run outside any transaction, in another
//    request's session. → the transaction's handler rejects queries once the connection is no longer
//    reserved for that transaction.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = path.join(root, "node_modules", "postgres");
const VERSION = "3.4.9";
const MARK = "memberpulse patch";

const connectionHunks = [
  {
    find: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))
`,
    replace: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))

    if (!socket) // ${MARK}: the socket closed under a reserved or transaction handle
      return (queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true)
`,
  },
  {
    find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)
`,
    replace: `  function nextWrite(fn) {
    if (!socket) { // ${MARK}: never write to a closed socket; settle what waited on it
      chunk = nextWriteTimer = null
      const err = Errors.connection('CONNECTION_CLOSED', options)
      stream && (stream.destroy(err), stream = null)
      query && queryError(query, err)
      while (sent.length)
        queryError(sent.shift(), err)
      return true
    }
    const x = socket.write(chunk, fn)
`,
  },
  {
    find: `    clearImmediate(nextWriteTimer)
    if (socket) {
`,
    replace: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}
    if (socket) {
`,
  },
  {
    find: `    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)
`,
    replace: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARK}
    socket.removeListener('data', data)
`,
  },
  {
    find: `    socket.removeAllListeners()
    socket = null

    if (initial)
      return reconnect()
`,
    replace: `    socket.removeAllListeners()
    socket = null

    { // ${MARK}: nothing sent on the closed socket can be answered on the next one
      const lost = Errors.connection('CONNECTION_CLOSED', options)
      stream && (stream.destroy(lost), stream = null)
      query && queryError(query, lost)
      while (sent.length)
        queryError(sent.shift(), lost)
      query = errorResponse = null
    }

    if (initial)
      return reconnect()
`,
  },
  {
    find: `        return fetchArrayTypes()
`,
    replace: `        return fetchArrayTypes().catch(noop) // ${MARK}: the waiting query is rejected on its own
`,
  },
];

const indexHunks = [
  {
    find: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full
`,
    replace: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        if (c.reserved !== reservedFn) // ${MARK}: the connection was closed (and maybe reused) under this transaction
          return q.reject(Errors.generic('CONNECTION_CLOSED', 'the connection of this transaction was closed'))
        c.queue === full
`,
  },
  {
    find: `    function onexecute(c) {
      connection = c
      move(c, reserved)
      c.reserved = () => queries.length
        ? c.execute(queries.shift())
        : move(c, reserved)
    }
`,
    replace: `    function onexecute(c) {
      connection = c
      move(c, reserved)
      c.reserved = reservedFn = () => queries.length // ${MARK}: remembered by handler()
        ? c.execute(queries.shift())
        : move(c, reserved)
    }
`,
  },
  {
    find: `    let savepoints = 0
      , connection
      , prepare = null
`,
    replace: `    let savepoints = 0
      , connection
      , prepare = null
      , reservedFn = null // ${MARK}
`,
  },
];

// sha256 of each file as published in postgres@3.4.9, and after the hunks above.
const FILES = [
  { file: "src/connection.js", hunks: connectionHunks, pristine: "ee3a218d9aa6a6f2887c1a19da50009335fe84c11a5431d5cab72d6bc528632f", patched: "61e0ce8c0ede974604a4e1c8b58264c7f8a272fa78872c4fb5f0cd1a7565d14b" },
  { file: "cjs/src/connection.js", hunks: connectionHunks, pristine: "ce6d375809baad79963ef9b3773e6ac757bcf6da2362d4d85482bb14c2c751be", patched: "f0cc54fcdbb6aa858cb023f84fc50042eb424e19e7af2e0bcd6ad4e67b7ed85f" },
  { file: "src/index.js", hunks: indexHunks, pristine: "4e21f5733e70d79cffc10d10d4ef01031de4a9ac862210e43f8870029fd103ed", patched: "e5894903a4910967a1f981ddecb47a7f840f7ec6689b1e222d67ef846edc5dfc" },
  { file: "cjs/src/index.js", hunks: indexHunks, pristine: "d8fea1a5311c47e65004646bc81f57305ac64d48f99004a5b3ca27bcfc6babf8", patched: "f9d632806d2303719e9df70e12d9bb8678331c66bc11c367ca169225c5fe613b" },
];

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

function fail(message) {
  console.error(`\n[patch-postgres] ${message}\n`);
  process.exit(1);
}

function patch(text, hunks, file) {
  let out = text;
  for (const { find, replace } of hunks) {
    const at = out.indexOf(find);
    if (at < 0 || out.indexOf(find, at + 1) >= 0) fail(`node_modules/postgres/${file}: a hunk's context is missing or ambiguous; the file is not the postgres.js ${VERSION} this patch was written for.`);
    out = out.slice(0, at) + replace + out.slice(at + find.length);
  }
  return out;
}

/** `check`: only verify that every file is patched (exit 1 otherwise); never writes. */
export function applyPatch({ dir = pkgDir, log = console.log, check = false } = {}) {
  if (!existsSync(path.join(dir, "package.json"))) fail(`${dir} not found: is postgres installed?`);
  const version = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
  if (version !== VERSION) {
    fail(
      `postgres ${version} is installed, but scripts/patch-postgres.mjs was written for ${VERSION}. ` +
        `Check whether the new version fixes porsager/postgres#1154 / #1208 (null socket in nextWrite, stale queue after a closed connection); ` +
        `then drop this script (and its postinstall entry) or port it to the new version.`,
    );
  }
  let changed = 0;
  for (const entry of FILES) {
    const full = path.join(dir, entry.file);
    const text = readFileSync(full, "utf8");
    const hash = sha256(text);
    if (entry.patched && hash === entry.patched) continue;
    if (check) fail(`node_modules/postgres/${entry.file} is not patched: run npm install (its postinstall runs scripts/patch-postgres.mjs).`);
    if (hash !== entry.pristine) fail(`node_modules/postgres/${entry.file} is neither postgres.js ${VERSION} as published nor as patched (sha256 ${hash}). Reinstall it (rm -rf node_modules/postgres && npm install) or review the patch.`);
    const out = patch(text, entry.hunks, entry.file);
    if (entry.patched && sha256(out) !== entry.patched) fail(`node_modules/postgres/${entry.file}: patched content has an unexpected sha256 ${sha256(out)}.`);
    writeFileSync(full, out);
    changed++;
  }
  if (check) return log(`[patch-postgres] postgres.js ${VERSION} is patched`);
  log(changed ? `[patch-postgres] patched postgres.js ${VERSION} (${changed} files): see scripts/patch-postgres.mjs` : `[patch-postgres] postgres.js ${VERSION} already patched`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--print-hashes")) {
    // Development aid: the sha256 of each file after patching its pristine content.
    for (const entry of FILES) console.log(entry.file, sha256(patch(readFileSync(path.join(pkgDir, entry.file), "utf8"), entry.hunks, entry.file)));
  } else {
    applyPatch({ check: process.argv.includes("--check") });
  }
}
