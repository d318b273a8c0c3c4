// Reads the job posting a page describes in its JSON-LD (schema.org `JobPosting`).
//
// `chrome.scripting.executeScript({ func: readJobPosting })` sends this function's source to the
// tab and runs it there, so it must stand alone: no imports, no names from this module, every
// helper inside it. Called with no argument it reads the page's `document`; the tests pass a
// stand-in with `querySelectorAll`, `title` and `location`.

/**
 * @param {Document} [doc]
 * @returns {{ title: string, company: string, url: string, found: boolean }}
 *   `found`: a JobPosting was read (otherwise the title is the page's).
 */
export function readJobPosting(doc) {
  const page = doc || globalThis.document;
  const text = (value) => (typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "");

  const isJobPosting = (node) => {
    const type = node["@type"];
    const types = Array.isArray(type) ? type : [type];
    return types.some((t) => typeof t === "string" && /(^|[/:#])JobPosting$/.test(t.trim()));
  };

  // Depth-first through arrays, `@graph` and nested objects, the JobPosting nearest the top first.
  const find = (node, depth) => {
    if (depth > 8 || node === null || typeof node !== "object") return null;
    if (Array.isArray(node)) {
      for (const item of node) {
        const hit = find(item, depth + 1);
        if (hit) return hit;
      }
      return null;
    }
    if (isJobPosting(node)) return node;
    if (node["@graph"]) {
      const hit = find(node["@graph"], depth + 1);
      if (hit) return hit;
    }
    for (const key of ["mainEntity", "mainEntityOfPage", "itemListElement", "item"]) {
      if (node[key] && typeof node[key] === "object") {
        const hit = find(node[key], depth + 1);
        if (hit) return hit;
      }
    }
    return null;
  };

  const organization = (value) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const name = organization(item);
        if (name) return name;
      }
      return "";
    }
    if (typeof value === "string") return text(value);
    if (value && typeof value === "object") return text(value.name) || text(value.legalName);
    return "";
  };

  let posting = null;
  const scripts = page.querySelectorAll('script[type="application/ld+json" i]');
  for (const script of Array.from(scripts)) {
    let data;
    try {
      data = JSON.parse(script.textContent || "");
    } catch {
      continue; // A page's broken block is no reason to give up on the others.
    }
    posting = find(data, 0);
    if (posting) break;
  }

  const pageTitle = text(page.title);
  const url = page.location && typeof page.location.href === "string" ? page.location.href : "";
  if (!posting) return { title: pageTitle, company: "", url, found: false };
  return {
    title: text(posting.title) || text(posting.name) || pageTitle,
    company: organization(posting.hiringOrganization),
    url,
    found: true,
  };
}
