// node --test extension/
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, Client, SIGNED_OUT, dataUrlToBlob, normalizeServer, storageAreaStore } from "./api.js";

const SERVER = "http://127.0.0.1:3900";
const user = { id: "u1", name: "Noor Haddad", email: "seeker@example.com", role: "client" };

/** A `chrome.storage` area in memory. */
function memoryArea() {
  const items = {};
  return {
    items,
    async get(key) {
      return key in items ? { [key]: structuredClone(items[key]) } : {};
    },
    async set(values) {
      Object.assign(items, structuredClone(values));
    },
    async clear() {
      for (const key of Object.keys(items)) delete items[key];
    },
  };
}

function json(status, body, headers = {}) {
  return new Response(body === null ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

function tokens(n) {
  return { access_token: `a${n}`, token_type: "Bearer", expires_in: 900, refresh_token: `r${n}`, refresh_expires_in: 2592000, user };
}

/** A fake server: `routes` answers by "METHOD path"; every request is kept. */
function fakeServer(routes) {
  const requests = [];
  const fetch = async (url, init) => {
    const path = url.slice(SERVER.length);
    const request = { method: init.method, path, headers: init.headers, body: init.body };
    requests.push(request);
    const answer = routes[`${init.method} ${path}`];
    if (!answer) return json(404, { error: { code: "not_found", message: "Not found.", field: null } });
    return answer(request);
  };
  return { fetch, requests };
}

async function signedIn(routes, n = 1) {
  const area = memoryArea();
  const server = fakeServer({ "POST /api/v1/auth/login": () => json(200, tokens(n)), ...routes });
  const client = new Client({ store: storageAreaStore(area), fetch: server.fetch });
  await client.signIn(SERVER, user.email, "secret");
  server.requests.length = 0;
  return { area, server, client };
}

test("signing in keeps the tokens and the user in the store", async () => {
  const { area } = await signedIn({});
  assert.equal(area.items.session.access_token, "a1");
  assert.equal(area.items.session.refresh_token, "r1");
  assert.equal(area.items.session.server, SERVER);
  assert.deepEqual(area.items.session.user, user);
});

test("a refused sign-in is an ApiError with the server's code and message", async () => {
  const area = memoryArea();
  const server = fakeServer({
    "POST /api/v1/auth/login": () => json(401, { error: { code: "invalid_credentials", message: "Wrong email or password.", field: null } }),
  });
  const client = new Client({ store: storageAreaStore(area), fetch: server.fetch });
  await assert.rejects(client.signIn(SERVER, "a@b.c", "x"), (error) => error instanceof ApiError && error.code === "invalid_credentials" && error.message === "Wrong email or password.");
  assert.deepEqual(area.items, {});
});

test("a rate-limited sign-in says when to try again", async () => {
  const server = fakeServer({
    "POST /api/v1/auth/login": () => json(429, { error: { code: "rate_limited", message: "Slow down.", field: null } }, { "Retry-After": "30" }),
  });
  const client = new Client({ store: storageAreaStore(memoryArea()), fetch: server.fetch });
  await assert.rejects(client.signIn(SERVER, "a@b.c", "x"), (error) => error.code === "rate_limited" && error.retryAfter === 30 && /30 seconds/.test(error.message));
});

test("calls carry the access token", async () => {
  const { server, client } = await signedIn({ "GET /api/v1/me": () => json(200, user) });
  assert.deepEqual(await client.call("GET", "/api/v1/me"), user);
  assert.equal(server.requests[0].headers.Authorization, "Bearer a1");
});

test("an expired access token is refreshed once, and the call made again with the new one", async () => {
  const { area, server, client } = await signedIn({
    "GET /api/v1/me": (request) =>
      request.headers.Authorization === "Bearer a2" ? json(200, user) : json(401, { error: { code: "token_expired", message: "Expired.", field: null } }),
    "POST /api/v1/auth/refresh": (request) => (JSON.parse(request.body).refresh_token === "r1" ? json(200, tokens(2)) : json(401, { error: { code: "refresh_token_reused" } })),
  });
  assert.deepEqual(await client.call("GET", "/api/v1/me"), user);
  assert.deepEqual(
    server.requests.map((r) => r.path),
    ["/api/v1/me", "/api/v1/auth/refresh", "/api/v1/me"],
  );
  assert.equal(area.items.session.refresh_token, "r2");
});

test("calls expiring at once share one refresh: a refresh token works once", async () => {
  let refreshes = 0;
  const { client } = await signedIn({
    "GET /api/v1/me": (request) =>
      request.headers.Authorization === "Bearer a2" ? json(200, user) : json(401, { error: { code: "token_expired", message: "Expired.", field: null } }),
    "POST /api/v1/auth/refresh": async (request) => {
      refreshes++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return JSON.parse(request.body).refresh_token === "r1" ? json(200, tokens(2)) : json(401, { error: { code: "refresh_token_reused" } });
    },
  });
  // The lock navigator.locks gives in the browser, as a queue.
  let queue = Promise.resolve();
  client.lock = (_name, run) => {
    const next = queue.then(run);
    queue = next.catch(() => {});
    return next;
  };
  const answers = await Promise.all([client.call("GET", "/api/v1/me"), client.call("GET", "/api/v1/me"), client.call("GET", "/api/v1/me")]);
  assert.equal(answers.length, 3);
  assert.equal(refreshes, 1);
});

test("a refused refresh ends the session", async () => {
  const { area, client } = await signedIn({
    "GET /api/v1/me": () => json(401, { error: { code: "token_expired", message: "Expired.", field: null } }),
    "POST /api/v1/auth/refresh": () => json(401, { error: { code: "refresh_token_reused", message: "Used.", field: null } }),
  });
  await assert.rejects(client.call("GET", "/api/v1/me"), (error) => error.code === SIGNED_OUT);
  assert.deepEqual(area.items, {});
});

test("a second expiry after the refresh ends the session instead of looping", async () => {
  const { area, server, client } = await signedIn({
    "GET /api/v1/me": () => json(401, { error: { code: "token_expired", message: "Expired.", field: null } }),
    "POST /api/v1/auth/refresh": () => json(200, tokens(2)),
  });
  await assert.rejects(client.call("GET", "/api/v1/me"), (error) => error.code === SIGNED_OUT);
  assert.equal(server.requests.filter((r) => r.path === "/api/v1/auth/refresh").length, 1);
  assert.deepEqual(area.items, {});
});

test("another 401 ends the session without a refresh", async () => {
  const { area, server, client } = await signedIn({
    "GET /api/v1/me": () => json(401, { error: { code: "unauthorized", message: "No.", field: null } }),
  });
  await assert.rejects(client.call("GET", "/api/v1/me"), (error) => error.code === SIGNED_OUT);
  assert.equal(server.requests.length, 1);
  assert.deepEqual(area.items, {});
});

test("other errors keep the session and carry the field", async () => {
  const { area, client } = await signedIn({
    "POST /api/v1/delegations": () => json(400, { error: { code: "invalid_input", message: "Choose a later day.", field: "deadline" } }),
  });
  await assert.rejects(client.call("POST", "/api/v1/delegations", { json: {} }), (error) => error.status === 400 && error.field === "deadline" && error.message === "Choose a later day.");
  assert.equal(area.items.session.access_token, "a1");
});

test("no answer at all is a network error", async () => {
  const client = new Client({
    store: storageAreaStore(memoryArea()),
    fetch: async () => {
      throw new TypeError("Failed to fetch");
    },
  });
  await assert.rejects(client.signIn(SERVER, "a@b.c", "x"), (error) => error.code === "network" && error.message.includes(SERVER));
});

test("signing out clears the store and hands the refresh token back", async () => {
  const { area, server, client } = await signedIn({ "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }) });
  await client.signOut();
  assert.deepEqual(area.items, {});
  assert.deepEqual(JSON.parse(server.requests[0].body), { refresh_token: "r1" });
});

test("the server's address is checked and loses its trailing slash", () => {
  assert.equal(normalizeServer(" http://127.0.0.1:3900/ "), "http://127.0.0.1:3900");
  assert.equal(normalizeServer("https://hirevoo.example/base/"), "https://hirevoo.example/base");
  assert.throws(() => normalizeServer("ftp://x"), (error) => error.field === "server");
  assert.throws(() => normalizeServer("not an address"), (error) => error.field === "server");
});

test("a data URL becomes a Blob of its type", async () => {
  const blob = dataUrlToBlob("data:image/png;base64,iVBORw0KGgo=");
  assert.equal(blob.type, "image/png");
  assert.deepEqual([...new Uint8Array(await blob.arrayBuffer())], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});
