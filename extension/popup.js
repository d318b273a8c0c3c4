// The popup: sign in to a Hirevoo server, then, for a client, delegate the job in the open tab;
// for an employee, send a screenshot of the tab as the proof of an application; for an admin,
// the latest delegations. Tokens live in `chrome.storage.session` only (see api.js); the
// server's address, which is no secret, in `chrome.storage.local`.

import { ApiError, Client, SIGNED_OUT, dataUrlToBlob, normalizeServer, storageAreaStore } from "./api.js";
import { readJobPosting } from "./job-posting.js";

const DEFAULT_SERVER = "http://127.0.0.1:3900";
const MAX_SCREENSHOT_BYTES = 8 * 1024 * 1024;
/// The server takes a day as its end (UTC), at most 90 days from now: the 89th day ahead is the
/// last that always passes.
const LAST_DEADLINE_DAYS = 89;
const DEFAULT_DEADLINE_DAYS = 7;
const STATUS = { pending: "Pending", in_progress: "In progress", completed: "Completed", failed: "Failed", cancelled: "Cancelled" };
const REVIEW = { waiting: "proof to review", accepted: "proof accepted", rejected: "proof rejected" };
const ROLE = { client: "client", employee: "employee", admin: "admin", superadmin: "superadmin" };
const PRIORITY_ORDER = { urgent: 0, high: 1, normal: 2, low: 3 };
const SECTIONS = ["sign-in", "client", "employee", "admin"];
/// API field names and the inputs that show their errors.
const FIELDS = {
  server: "server",
  email: "email",
  password: "password",
  job_url: "job-url",
  company: "company",
  title: "title",
  resume_type_id: "resume",
  priority: "priority",
  deadline: "deadline",
  notes: "notes",
};

const api = new Client({ store: storageAreaStore(chrome.storage.session) });
const $ = (id) => document.getElementById(id);

/** The session the page shows; null when signed out. */
let current = null;
/** The open delegations the employee's select lists, by id. */
let openDelegations = new Map();

// Messages -------------------------------------------------------------------------------------

function say(text) {
  $("message").textContent = text;
}

function complain(text) {
  $("problem").textContent = text;
}

function clearMessages() {
  say("");
  complain("");
}

function clearFieldErrors(form) {
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const error of form.querySelectorAll(".field-error")) {
    error.textContent = "";
    error.hidden = true;
  }
}

/** Marks a field and puts the focus on it; false when there is no such field. */
function fieldError(field, message) {
  const id = FIELDS[field];
  const input = id && $(id);
  if (!input || input.closest("[hidden]")) return false;
  input.setAttribute("aria-invalid", "true");
  const error = $(`${id}-error`);
  if (error) {
    error.textContent = message;
    error.hidden = false;
  }
  input.focus();
  return true;
}

/** Shows what went wrong; an ended session goes back to the sign-in. */
async function fail(error) {
  if (error instanceof ApiError && error.code === SIGNED_OUT) {
    await showSignIn();
    complain(error.message);
    return;
  }
  const message = error instanceof ApiError ? error.message : `Something went wrong: ${error && error.message ? error.message : error}`;
  if (error instanceof ApiError && error.field) fieldError(error.field, message);
  complain(message);
}

async function busy(button, run) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await run();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

function show(section) {
  for (const id of SECTIONS) $(id).hidden = id !== section;
  $("account").hidden = section === "sign-in";
}

function focusHeading(id) {
  const heading = $(id);
  heading.tabIndex = -1;
  heading.focus();
}

// Dates and addresses ---------------------------------------------------------------------------

/** `YYYY-MM-DD` of the local day `days` from today. */
function localDay(days) {
  const day = new Date();
  day.setDate(day.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

function isWebAddress(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The same page, whatever the fragment or a trailing slash. */
function samePage(a, b) {
  if (!a || !b) return false;
  const key = (value) => {
    try {
      const url = new URL(value);
      url.hash = "";
      return url.href.replace(/\/+$/, "");
    } catch {
      return value;
    }
  };
  return key(a) === key(b);
}

function delegationAddress(id) {
  return `${current.server}/delegation/${encodeURIComponent(id)}`;
}

function dateOnly(value) {
  return typeof value === "string" ? value.slice(0, 10) : "";
}

// The job's tab ---------------------------------------------------------------------------------

/**
 * The tab the popup acts on: the window's active tab; when that is this extension's own page
 * (the popup opened as a tab), the web tab used last, in this window first. Only tabs the
 * extension may read (the one its button was clicked on) show their address.
 */
async function jobTab() {
  const own = chrome.runtime.getURL("");
  const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (active && !(active.url || "").startsWith(own)) return active;
  const windowId = active ? active.windowId : null;
  const tabs = (await chrome.tabs.query({})).filter((tab) => isWebAddress(tab.url || ""));
  tabs.sort((a, b) => Number(b.windowId === windowId) - Number(a.windowId === windowId) || (b.lastAccessed || 0) - (a.lastAccessed || 0));
  return tabs[0] || null;
}

// Sign-in ---------------------------------------------------------------------------------------

/** Empties what the last account saw, so the next one never glimpses it. */
function forget() {
  openDelegations = new Map();
  for (const id of ["resume", "client-list", "delegation", "admin-list"]) $(id).replaceChildren();
  for (const id of ["delegated", "completed", "no-resumes", "complete-form", "employee-empty", "client-list-empty", "admin-list-empty"]) $(id).hidden = true;
  for (const id of ["who", "tab-note", "delegation-hint"]) $(id).textContent = "";
  $("delegate-form").reset();
  $("notes").value = "";
}

async function showSignIn() {
  current = null;
  forget();
  show("sign-in");
  const { server } = await chrome.storage.local.get("server");
  $("server").value = server || DEFAULT_SERVER;
  $("password").value = "";
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearMessages();
  clearFieldErrors(form);
  let server;
  try {
    server = normalizeServer($("server").value);
  } catch (error) {
    fieldError("server", error.message);
    complain(error.message);
    return;
  }
  const email = $("email").value.trim();
  const password = $("password").value;
  const missing = [
    ["email", email, "Enter your email address."],
    ["password", password, "Enter your password."],
  ].filter(([, value]) => !value);
  if (missing.length) {
    for (const [field, , message] of missing.reverse()) fieldError(field, message);
    complain(missing.length === 1 ? missing[0][2] : "Enter your email address and password.");
    return;
  }
  $("server").value = server;
  await chrome.storage.local.set({ server });
  try {
    const session = await busy(form.querySelector("button[type=submit]"), () => api.signIn(server, email, password));
    $("password").value = "";
    await showSession(session, true);
  } catch (error) {
    if (error instanceof ApiError && error.code === "forbidden") {
      complain("This account does not use the delegation service.");
    } else if (error instanceof ApiError && error.code === "invalid_credentials") {
      complain(error.message || "Wrong email or password.");
      $("password").focus();
    } else {
      await fail(error);
    }
  }
});

$("sign-out").addEventListener("click", async (event) => {
  clearMessages();
  await busy(event.currentTarget, () => api.signOut());
  await showSignIn();
  $("email").value = "";
  say("Signed out.");
  $("email").focus();
});

async function showSession(session, focus) {
  current = session;
  const { user } = session;
  $("who").textContent = `${user.name} · ${user.role}`;
  $("who").title = `${user.email} at ${session.server}`;
  if (user.role === ROLE.client) await showClient(focus);
  else if (user.role === ROLE.employee) await showEmployee(focus);
  else if (user.role === ROLE.admin || user.role === ROLE.superadmin) await showAdmin(focus);
  else {
    await api.signOut();
    await showSignIn();
    complain("This account has no use for the extension.");
  }
}

// A client --------------------------------------------------------------------------------------

async function showClient(focus) {
  show("client");
  const form = $("delegate-form");
  form.reset();
  clearFieldErrors(form);
  $("delegated").hidden = true;
  $("priority").value = "normal";
  $("deadline").min = localDay(1);
  $("deadline").max = localDay(LAST_DEADLINE_DAYS);
  $("deadline").value = localDay(DEFAULT_DEADLINE_DAYS);
  $("resumes-link").href = `${current.server}/delegation/resumes`;
  if (focus) focusHeading("delegate-heading");
  const results = await Promise.allSettled([fillFromTab(), loadResumes(), loadClientList()]);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) await fail(failed.reason);
}

async function fillFromTab() {
  const note = $("tab-note");
  const tab = await jobTab();
  if (!tab) {
    note.textContent = "No job page is open: enter the job's details.";
    return;
  }
  let posting = null;
  try {
    const [injection] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: readJobPosting });
    posting = injection ? injection.result : null;
  } catch {
    note.textContent = "This page could not be read: open the extension from the job's tab, or enter the job's details.";
  }
  const url = isWebAddress(tab.url || "") ? tab.url : posting && isWebAddress(posting.url) ? posting.url : "";
  if (url) $("job-url").value = url;
  if (!posting) return;
  if (posting.company) $("company").value = posting.company;
  if (posting.title) $("title").value = posting.title;
  note.textContent = posting.found
    ? "Filled in from the job posting on this page: check it before delegating."
    : "No job posting found on this page: check the title and enter the company.";
}

async function loadResumes() {
  const select = $("resume");
  const types = await api.call("GET", "/api/v1/resume-types");
  const list = Array.isArray(types) ? types : [];
  select.replaceChildren();
  $("no-resumes").hidden = list.length > 0;
  select.disabled = list.length === 0;
  $("delegate").disabled = list.length === 0;
  if (list.length === 0) return;
  if (list.length > 1) select.append(new Option("Choose a résumé", ""));
  for (const type of list) select.append(new Option(type.name, type.id));
}

async function loadClientList() {
  const items = await api.call("GET", "/api/v1/delegations?limit=10");
  renderList($("client-list"), $("client-list-empty"), items, false);
}

function renderList(list, empty, items, withPeople) {
  const rows = Array.isArray(items) ? items : [];
  list.replaceChildren(
    ...rows.map((item) => {
      const row = document.createElement("li");
      const link = document.createElement("a");
      link.href = delegationAddress(item.id);
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = `${item.title} at ${item.company}`;
      const state = document.createElement("span");
      state.className = "state";
      const parts = [STATUS[item.status] || item.status];
      if (item.review && REVIEW[item.review]) parts.push(REVIEW[item.review]);
      if (withPeople) parts.push(item.employee_name ? `with ${item.employee_name}` : "no employee yet");
      state.textContent = parts.join(", ");
      row.append(link, state);
      return row;
    }),
  );
  empty.hidden = rows.length > 0;
}

$("delegate-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearMessages();
  clearFieldErrors(form);
  $("delegated").hidden = true;
  const job = {
    job_url: $("job-url").value.trim(),
    company: $("company").value.trim(),
    title: $("title").value.trim(),
    resume_type_id: $("resume").value,
    priority: $("priority").value,
    deadline: $("deadline").value,
  };
  const problems = [
    ["job_url", isWebAddress(job.job_url), "Enter the job's address (https://…)."],
    ["company", job.company !== "", "Enter the company."],
    ["title", job.title !== "", "Enter the job title."],
    ["resume_type_id", job.resume_type_id !== "", "Choose the résumé to send."],
    ["deadline", job.deadline >= localDay(1) && job.deadline <= localDay(LAST_DEADLINE_DAYS), `Choose a day from ${localDay(1)} to ${localDay(LAST_DEADLINE_DAYS)}.`],
  ].filter(([, ok]) => !ok);
  if (problems.length) {
    for (const [field, , message] of problems.reverse()) fieldError(field, message);
    complain(problems.length === 1 ? problems[0][2] : "Check the marked fields.");
    return;
  }
  try {
    const created = await busy($("delegate"), () => api.call("POST", "/api/v1/delegations", { json: job }));
    $("delegated-link").href = delegationAddress(created.id);
    $("delegated").hidden = false;
    say(`Delegated: ${job.title} at ${job.company}.${created.employee_id ? "" : " It waits for an employee with room."}`);
    await loadClientList();
  } catch (error) {
    await fail(error);
  }
});

// An employee -----------------------------------------------------------------------------------

async function showEmployee(focus) {
  show("employee");
  $("completed").hidden = true;
  clearFieldErrors($("complete-form"));
  if (focus) focusHeading("employee-heading");
  try {
    await loadOpenDelegations();
  } catch (error) {
    await fail(error);
  }
}

async function loadOpenDelegations() {
  const [pending, started, tab] = await Promise.all([
    api.call("GET", "/api/v1/delegations?status=pending&limit=100"),
    api.call("GET", "/api/v1/delegations?status=in_progress&limit=100"),
    jobTab(),
  ]);
  const open = [...(started || []), ...(pending || [])];
  open.sort((a, b) => (PRIORITY_ORDER[a.priority] ?? 9) - (PRIORITY_ORDER[b.priority] ?? 9) || String(a.deadline).localeCompare(String(b.deadline)));
  openDelegations = new Map(open.map((item) => [item.id, item]));
  const select = $("delegation");
  const previous = select.value;
  select.replaceChildren(
    ...open.map((item) => new Option(`${item.title} at ${item.company} (${STATUS[item.status] || item.status}, due ${dateOnly(item.deadline)})`, item.id)),
  );
  const matching = tab && open.find((item) => samePage(item.job_url, tab.url));
  if (matching) select.value = matching.id;
  else if (openDelegations.has(previous)) select.value = previous;
  $("delegation-hint").textContent = matching
    ? "This one is for the job in the open tab."
    : "None is for the page in the open tab: choose the one you applied to.";
  $("complete-form").hidden = open.length === 0;
  $("employee-empty").hidden = open.length > 0;
}

/** The tab's window as a PNG, or a JPEG when the PNG is too large. */
async function screenshot(windowId) {
  const png = dataUrlToBlob(await chrome.tabs.captureVisibleTab(windowId, { format: "png" }));
  if (png.size <= MAX_SCREENSHOT_BYTES) return { blob: png, name: "proof.png" };
  const jpeg = dataUrlToBlob(await chrome.tabs.captureVisibleTab(windowId, { format: "jpeg", quality: 80 }));
  if (jpeg.size <= MAX_SCREENSHOT_BYTES) return { blob: jpeg, name: "proof.jpg" };
  throw new Error("The screenshot is larger than 8 MB: make the window smaller, then try again.");
}

$("complete-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearMessages();
  clearFieldErrors(form);
  $("completed").hidden = true;
  const delegation = openDelegations.get($("delegation").value);
  if (!delegation) {
    complain("Choose the delegation you applied to.");
    $("delegation").focus();
    return;
  }
  try {
    await busy($("complete"), async () => {
      const tab = await jobTab();
      if (!tab) throw new Error("No job tab is open: open the site's confirmation, then try again.");
      if (!tab.active) throw new Error("The job's tab is not in front: show it, then try again.");
      let shot;
      try {
        shot = await screenshot(tab.windowId);
      } catch (error) {
        if (/permission/i.test(String(error && error.message))) {
          throw new Error("Chrome allows a screenshot only of the tab the extension was opened from: click its button on the job's tab.");
        }
        throw error;
      }
      const body = new FormData();
      body.append("screenshot", shot.blob, shot.name);
      body.append("notes", $("notes").value.trim());
      await api.call("POST", `/api/v1/delegations/${encodeURIComponent(delegation.id)}/completions`, { form: body });
    });
    $("completed-link").href = delegationAddress(delegation.id);
    $("completed").hidden = false;
    $("notes").value = "";
    say(`The proof is sent for ${delegation.title} at ${delegation.company}: the client will review it.`);
    await loadOpenDelegations();
  } catch (error) {
    if (error instanceof ApiError) await fail(error);
    else complain(`Not sent. ${error.message}`);
  }
});

// An admin --------------------------------------------------------------------------------------

async function showAdmin(focus) {
  show("admin");
  $("dashboard-link").href = current.user.role === ROLE.superadmin ? `${current.server}/delegation` : `${current.server}/`;
  if (focus) focusHeading("admin-heading");
  try {
    const items = await api.call("GET", "/api/v1/delegations?limit=10");
    renderList($("admin-list"), $("admin-list-empty"), items, true);
  } catch (error) {
    await fail(error);
  }
}

// Start -----------------------------------------------------------------------------------------

async function start() {
  try {
    const session = await api.session();
    if (session) await showSession(session, false);
    else await showSignIn();
  } catch (error) {
    await showSignIn();
    await fail(error);
  }
}

start();
