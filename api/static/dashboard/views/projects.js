// The project register: search (case and diacritics ignored by the API), filters, and pages.

import { request } from "../graphql.js";
import { h } from "../dom.js";
import { formatCount } from "../format.js";
import { localName, t } from "../i18n.js";
import { PROJECTS } from "../queries.js";
import { href, timeParams } from "../route.js";
import {
  figuresTable,
  heading,
  moneyCell,
  selectFilter,
  unitFilter,
  unitOptions,
  unitSelect,
  yearsOf,
} from "./common.js";

export const PAGE_SIZE = 20;
const STATUSES = [
  "PROPOSED",
  "APPRAISED",
  "APPROVED",
  "REJECTED",
  "CONTRACTED",
  "SUSPENDED",
  "ACCEPTED",
  "SETTLED",
  "CANCELLED",
];

export async function render(ctx) {
  const p = ctx.params;
  const unit = unitFilter(ctx, "unit");
  // The cursors of the pages before this one, so "previous" needs no backward paging.
  const trail = (p.get("trail") ?? "").split(",").filter(Boolean);
  const after = trail.length ? trail[trail.length - 1] : null;
  const data = await request(PROJECTS, {
    code: ctx.programCode,
    search: p.get("q") || null,
    status: p.get("status") || null,
    year: p.get("year") ? Number(p.get("year")) : null,
    unit: unit || null,
    content: p.get("content") || null,
    first: PAGE_SIZE,
    after,
    asOf: ctx.asOf,
  });
  const page = data.projects;
  return [
    heading(t("projects")),
    filters(ctx, p, unit),
    h(
      "p",
      { role: "status", id: "projects-count", dataset: { total: page.totalCount } },
      t("found", formatCount(page.totalCount)),
      " · ",
      t("page", trail.length + 1),
    ),
    figuresTable(
      "projects",
      [
        [t("code"), false],
        [t("name"), false],
        [t("status"), false],
        [t("unit"), false],
        [t("approvedSupport"), true],
        [t("paid"), true],
      ],
      page.edges.map(({ node }) =>
        h(
          "tr",
          { dataset: { code: node.code } },
          h(
            "th",
            { scope: "row" },
            h("a", { href: href("project", node.id, timeParams(p)) }, node.code),
          ),
          h("td", {}, node.title),
          h("td", {}, t("statusName")[node.status] ?? node.status),
          h("td", {}, node.unitName),
          moneyCell("approvedSupport", node.approvedSupport),
          moneyCell("paid", node.paid),
        ),
      ),
    ),
    h(
      "nav",
      { class: "pager", "aria-label": t("page", "") },
      h(
        "button",
        {
          type: "button",
          disabled: !trail.length,
          onclick: () => ctx.go({ trail: trail.slice(0, -1).join(",") || null }),
        },
        t("previous"),
      ),
      h(
        "button",
        {
          type: "button",
          disabled: !page.pageInfo.hasNextPage,
          onclick: () => ctx.go({ trail: [...trail, page.pageInfo.endCursor].join(",") }),
        },
        t("next"),
      ),
    ),
  ];
}

function filters(ctx, p, unit) {
  const program = ctx.program;
  const search = h("input", { id: "filter-q", type: "search", name: "q", value: p.get("q") ?? "" });
  return h(
    "form",
    {
      class: "filters",
      role: "search",
      "aria-label": t("filter"),
      onsubmit: (event) => {
        event.preventDefault();
        ctx.go({ q: search.value.trim() || null, trail: null });
      },
    },
    h("div", { class: "field field-wide" }, h("label", { for: "filter-q" }, t("search")), search),
    selectFilter(
      ctx,
      "status",
      t("status"),
      STATUSES.map((s) => [s, t("statusName")[s]]),
      t("allStatuses"),
      p.get("status"),
    ),
    selectFilter(
      ctx,
      "year",
      t("year"),
      yearsOf(program).map((y) => [y, y]),
      t("allYears"),
      p.get("year"),
    ),
    unitSelect(ctx, "unit", t("unit"), unitOptions(ctx), unit),
    selectFilter(
      ctx,
      "content",
      t("content"),
      program.contents.map((c) => [c.code, `${c.code} ${localName(c, "title").slice(0, 60)}`]),
      t("allContents"),
      p.get("content"),
    ),
    h("div", { class: "field" }, h("button", { type: "submit" }, t("filter"))),
  );
}
