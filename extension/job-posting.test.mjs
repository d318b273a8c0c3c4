// node --test extension/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readJobPosting } from "./job-posting.js";

/** A stand-in for a page: its JSON-LD blocks (as text), its title and its address. */
function page(blocks, title = "Jobs at Example", href = "https://jobs.example/openings/42") {
  return {
    title,
    location: { href },
    querySelectorAll(selector) {
      assert.match(selector, /application\/ld\+json/);
      return blocks.map((block) => ({ textContent: typeof block === "string" ? block : JSON.stringify(block) }));
    },
  };
}

const posting = {
  "@context": "https://schema.org",
  "@type": "JobPosting",
  title: "Staff Rust Engineer",
  hiringOrganization: { "@type": "Organization", name: "Fixture Corp" },
};

test("a plain JobPosting gives its title and organization", () => {
  assert.deepEqual(readJobPosting(page([posting])), {
    title: "Staff Rust Engineer",
    company: "Fixture Corp",
    url: "https://jobs.example/openings/42",
    found: true,
  });
});

test("a JobPosting inside @graph is found", () => {
  const graph = {
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "WebSite", name: "Careers" },
      { "@type": "BreadcrumbList", itemListElement: [] },
      { ...posting, "@context": undefined },
    ],
  };
  const read = readJobPosting(page([graph]));
  assert.equal(read.found, true);
  assert.equal(read.title, "Staff Rust Engineer");
  assert.equal(read.company, "Fixture Corp");
});

test("a JobPosting in a top-level array is found", () => {
  const read = readJobPosting(page([[{ "@type": "Organization", name: "Someone else" }, posting]]));
  assert.equal(read.title, "Staff Rust Engineer");
  assert.equal(read.company, "Fixture Corp");
});

test("the organization may be a plain string", () => {
  const read = readJobPosting(page([{ ...posting, hiringOrganization: "  Fixture   Corp " }]));
  assert.equal(read.company, "Fixture Corp");
});

test("the organization may be an object, or a list of them", () => {
  assert.equal(readJobPosting(page([{ ...posting, hiringOrganization: { name: "Acme" } }])).company, "Acme");
  assert.equal(readJobPosting(page([{ ...posting, hiringOrganization: [{ "@type": "Organization" }, { name: "Acme" }] }])).company, "Acme");
  assert.equal(readJobPosting(page([{ ...posting, hiringOrganization: undefined }])).company, "");
});

test("the type may be a list or a full schema.org address", () => {
  assert.equal(readJobPosting(page([{ ...posting, "@type": ["Thing", "JobPosting"] }])).found, true);
  assert.equal(readJobPosting(page([{ ...posting, "@type": "http://schema.org/JobPosting" }])).found, true);
  assert.equal(readJobPosting(page([{ ...posting, "@type": "JobPostingDraft" }])).found, false);
});

test("without JSON-LD the page's title stands in, and no company", () => {
  assert.deepEqual(readJobPosting(page([], "  Senior Baker – Bakery Careers ")), {
    title: "Senior Baker – Bakery Careers",
    company: "",
    url: "https://jobs.example/openings/42",
    found: false,
  });
});

test("a JobPosting without a title falls back to its name, then to the page's title", () => {
  assert.equal(readJobPosting(page([{ ...posting, title: undefined, name: "Named Role" }])).title, "Named Role");
  assert.equal(readJobPosting(page([{ ...posting, title: "" }], "Page Title")).title, "Page Title");
});

test("malformed JSON is skipped and the next block read", () => {
  const read = readJobPosting(page(["{ not json", "", posting]));
  assert.equal(read.found, true);
  assert.equal(read.title, "Staff Rust Engineer");
});

test("only malformed JSON: the page's title", () => {
  const read = readJobPosting(page(["{ not json", "null", "42"], "Fallback"));
  assert.deepEqual([read.found, read.title, read.company], [false, "Fallback", ""]);
});

test("the function stands alone, as executeScript needs", () => {
  // Rebuilt from its source text, as Chrome does, it still works.
  const rebuilt = new Function(`return (${readJobPosting.toString()})`)();
  assert.equal(rebuilt(page([posting])).company, "Fixture Corp");
});
