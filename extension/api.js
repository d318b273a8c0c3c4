// The Hirevoo REST API v1 as the popup uses it: sign-in, the tokens' life, and calls that
// refresh an expired access token once before giving up. No `chrome.*` here (the store, `fetch`
// and the lock are given), so `node --test` runs it as it is.

export const SIGNED_OUT = "signed_out";
export const NETWORK = "network";

export class ApiError extends Error {
  /**
   * @param {string} message what to show
   * @param {{ status?: number, code?: string, field?: string | null, retryAfter?: number | null }} [details]
   */
  constructor(message, { status = 0, code = NETWORK, field = null, retryAfter = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

function signedOut() {
  return new ApiError("Your session has ended: sign in again.", { status: 401, code: SIGNED_OUT });
}

/**
 * The server's address as typed, checked and without a trailing slash.
 * @param {string} input
 */
export function normalizeServer(input) {
  let url;
  try {
    url = new URL(String(input).trim());
  } catch {
    throw new ApiError("Enter the server's address, like https://hirevoo.example.", { code: "invalid_input", field: "server" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ApiError("The server's address starts with https:// (or http:// for a local one).", { code: "invalid_input", field: "server" });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ApiError("Enter only the server's address, without a name, query or fragment.", { code: "invalid_input", field: "server" });
  }
  return url.href.replace(/\/+$/, "");
}

/** What the session storage keeps: only what the next calls need. */
export function sessionFrom(server, body, now = Date.now()) {
  if (!body || typeof body.access_token !== "string" || typeof body.refresh_token !== "string" || !body.user) {
    throw new ApiError("The server's answer to the sign-in was not understood.", { status: 200, code: "bad_response" });
  }
  return {
    server,
    access_token: body.access_token,
    refresh_token: body.refresh_token,
    access_expires_at: now + Number(body.expires_in || 0) * 1000,
    refresh_expires_at: now + Number(body.refresh_expires_in || 0) * 1000,
    user: { id: body.user.id, name: body.user.name, email: body.user.email, role: body.user.role },
  };
}

/**
 * A `data:` URL (what `captureVisibleTab` gives) as a Blob of its type.
 * @param {string} dataUrl
 */
export function dataUrlToBlob(dataUrl) {
  const match = /^data:([^;,]+)((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error("not a data URL");
  const [, type, , base64, payload] = match;
  if (!base64) return new Blob([decodeURIComponent(payload)], { type });
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** `chrome.storage.session` (or any area with the same `get`/`set`/`clear`) as the session's store. */
export function storageAreaStore(area) {
  return {
    async get() {
      const { session } = await area.get("session");
      return session ?? null;
    },
    set: (session) => area.set({ session }),
    // Signing out leaves nothing behind in the area.
    clear: () => area.clear(),
  };
}

/** One refresh at a time across every page of the extension (they share an origin). */
function defaultLock(name, run) {
  const locks = globalThis.navigator && globalThis.navigator.locks;
  return locks ? locks.request(name, run) : run();
}

export class Client {
  /**
   * @param {{ store: { get(): Promise<object | null>, set(s: object): Promise<void>, clear(): Promise<void> },
   *           fetch?: typeof fetch, lock?: (name: string, run: () => Promise<any>) => Promise<any> }} options
   */
  constructor({ store, fetch = (...args) => globalThis.fetch(...args), lock = defaultLock }) {
    this.store = store;
    this.fetch = fetch;
    this.lock = lock;
  }

  session() {
    return this.store.get();
  }

  async signIn(server, email, password) {
    const body = await this.send(server, "POST", "/api/v1/auth/login", { json: { email, password } });
    const session = sessionFrom(server, body);
    await this.store.set(session);
    return session;
  }

  /** Forgets the tokens here first, then tells the server (whose answer changes nothing). */
  async signOut() {
    const session = await this.store.get();
    await this.store.clear();
    if (!session) return;
    try {
      await this.send(session.server, "POST", "/api/v1/auth/logout", { json: { refresh_token: session.refresh_token } });
    } catch {
      // Offline or refused: the refresh token dies on its own.
    }
  }

  /**
   * A call with the access token. An expired one is refreshed once and the call made again; any
   * other refusal of the token, or a second one, ends the session.
   */
  async call(method, path, { json, form } = {}) {
    const session = await this.store.get();
    if (!session) throw signedOut();
    try {
      return await this.send(session.server, method, path, { json, form, token: session.access_token });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      if (error.code !== "token_expired") return this.endSession();
    }
    const fresh = await this.refresh(session);
    try {
      return await this.send(fresh.server, method, path, { json, form, token: fresh.access_token });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return this.endSession();
      throw error;
    }
  }

  async endSession() {
    await this.store.clear();
    throw signedOut();
  }

  /**
   * A new pair for `stale`'s refresh token, unless another page got one meanwhile: a refresh
   * token works once, and using it twice would end every session of the family.
   */
  refresh(stale) {
    return this.lock("hirevoo-refresh", async () => {
      const current = await this.store.get();
      if (!current) throw signedOut();
      if (current.refresh_token !== stale.refresh_token) return current;
      let body;
      try {
        body = await this.send(current.server, "POST", "/api/v1/auth/refresh", { json: { refresh_token: current.refresh_token } });
      } catch (error) {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) return this.endSession();
        throw error;
      }
      const next = sessionFrom(current.server, body);
      await this.store.set(next);
      return next;
    });
  }

  /** One request; an error answer or no answer at all becomes an `ApiError`. */
  async send(server, method, path, { json, form, token } = {}) {
    const headers = { Accept: "application/json" };
    let body;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form; // The browser writes the multipart boundary.
    }
    let response;
    try {
      response = await this.fetch(server + path, { method, headers, body, credentials: "omit", cache: "no-store", redirect: "error" });
    } catch {
      throw new ApiError(`Could not reach ${server}. Check the address and your connection; the server must also allow this extension.`, {
        code: NETWORK,
      });
    }
    const data = await readBody(response);
    if (response.ok) return data;
    const error = data && typeof data === "object" && data.error && typeof data.error === "object" ? data.error : {};
    const retryAfter = response.status === 429 ? Number.parseInt(response.headers.get("Retry-After") || "", 10) || null : null;
    throw new ApiError(messageFor(response.status, error, retryAfter), {
      status: response.status,
      code: typeof error.code === "string" ? error.code : `http_${response.status}`,
      field: typeof error.field === "string" ? error.field : null,
      retryAfter,
    });
  }
}

async function readBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  if (/json/i.test(response.headers.get("Content-Type") || "")) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

function messageFor(status, error, retryAfter) {
  if (status === 429) {
    return retryAfter ? `Too many attempts: try again in ${retryAfter} seconds.` : "Too many attempts: try again in a moment.";
  }
  if (typeof error.message === "string" && error.message) return error.message;
  if (status >= 500) return `The server failed (${status}): try again later.`;
  return `The server refused the request (${status}).`;
}
