// The program: its targets with progress bars, the budget totals, and the content tree
// IV.1–IV.6 with money and outputs per item.

import { request } from "../graphql.js";
import { bar, h } from "../dom.js";
import { formatCount, formatRate, sumVnd } from "../format.js";
import { lang, localName, t } from "../i18n.js";
import { CONTENT_TREE, PROGRAM_VIEW } from "../queries.js";
import {
  figuresTable,
  heading,
  moneyCell,
  notice,
  selectFilter,
  unitFilter,
  unitOptions,
  unitSelect,
  yearsOf,
} from "./common.js";

export async function render(ctx) {
  const year = ctx.params.get("year");
  const unit = unitFilter(ctx, "unit");
  const variables = {
    code: ctx.programCode,
    year: year ? Number(year) : null,
    unit: unit || null,
    asOf: ctx.asOf,
  };
  const [data, tree] = await Promise.all([
    request(PROGRAM_VIEW, variables),
    ctx.signedIn
      ? request(CONTENT_TREE, { code: ctx.programCode, asOf: ctx.asOf }).catch((error) => error)
      : Promise.resolve(null),
  ]);
  const program = data.program;
  return [
    heading(localName(program, "title")),
    h("p", { class: "subtitle" }, `${program.code} · ${program.decisionNo}`),
    filters(ctx, program, year, unit),
    totals(data.budget, unit),
    targetsTable(data.targets),
    contentTree(program, tree, year, unit),
  ];
}

function filters(ctx, program, year, unit) {
  return h(
    "form",
    { class: "filters", "aria-label": t("filter"), onsubmit: (e) => e.preventDefault() },
    selectFilter(
      ctx,
      "year",
      t("year"),
      yearsOf(program).map((y) => [y, y]),
      t("allYears"),
      year,
    ),
    unitSelect(ctx, "unit", t("unit"), unitOptions(ctx), unit),
  );
}

function totals(budget, unit) {
  const figures = ["allocated", "committed", "paid", "available"];
  return h(
    "section",
    {
      class: "totals",
      "aria-labelledby": "totals-heading",
      dataset: { position: budget.position },
    },
    h("h3", { id: "totals-heading" }, t("budgetTotals")),
    h("p", { class: "muted" }, t("asAt", budget.position)),
    // Targets follow the unit filter; these totals do not (a unit's projects are funded by
    // other holders too), so a unit's reader is told whose money this is.
    unit ? h("p", { class: "muted", id: "totals-scope" }, t("totalsAllHolders")) : null,
    h(
      "dl",
      { class: "figures" },
      figures.map((name) =>
        h("div", {}, h("dt", {}, t(name)), moneyCell(name, budget.totals[name], "dd")),
      ),
      h(
        "div",
        {},
        h("dt", {}, t("executionRate")),
        h(
          "dd",
          {
            class: "num",
            dataset: { figure: "executionRate", value: budget.totals.executionRate ?? "" },
          },
          formatRate(budget.totals.executionRate, lang()),
        ),
      ),
    ),
  );
}

function targetsTable(targets) {
  return h(
    "section",
    { "aria-labelledby": "targets-heading" },
    h("h3", { id: "targets-heading" }, t("targets")),
    figuresTable(
      "targets",
      [
        [t("indicator"), false],
        [t("target"), true],
        [t("planned"), true],
        [t("achieved"), true],
        [t("progress"), false],
      ],
      targets.map(targetRow),
    ),
  );
}

function targetRow(row) {
  const name = localName(row.indicator);
  const rate = formatRate(row.progress, lang());
  return h(
    "tr",
    { dataset: { indicator: row.indicator.code } },
    h("th", { scope: "row" }, name, h("span", { class: "muted" }, ` (${row.indicator.unit})`)),
    h(
      "td",
      { class: "num", dataset: { figure: "target", value: row.target } },
      formatCount(row.target),
    ),
    h(
      "td",
      { class: "num", dataset: { figure: "planned", value: row.planned } },
      formatCount(row.planned),
    ),
    h(
      "td",
      { class: "num", dataset: { figure: "achieved", value: row.achieved } },
      formatCount(row.achieved),
    ),
    h(
      "td",
      { dataset: { figure: "progress", value: row.progress ?? "" } },
      h(
        "div",
        { class: "progress-cell" },
        bar(row.progress ?? 0, `${name}: ${rate}`),
        h("span", { class: "num" }, rate),
      ),
    ),
  );
}

/** The flat list of content codes as a tree: IV.1 holds IV.1.a, IV.1.b … */
function contentTree(program, tree, year, unit) {
  const section = h(
    "section",
    { "aria-labelledby": "contents-heading" },
    h("h3", { id: "contents-heading" }, t("contents")),
  );
  const review = tree && !(tree instanceof Error) ? tree.programReview : null;
  if (tree instanceof Error) section.append(notice(tree));
  else if (!review) section.append(h("p", { class: "muted" }, t("contentsSignIn")));
  // programReview has no unit breakdown: say so rather than let a unit's reader take the
  // whole program's money for their unit's.
  else if (unit)
    section.append(h("p", { class: "muted", id: "contents-scope" }, t("contentsAllUnits")));
  const items = review ? review.items.filter((i) => !year || String(i.year) === String(year)) : [];
  const money = (code, figure) =>
    sumVnd(
      items
        .filter((i) => i.contentCode === code || i.contentCode.startsWith(`${code}.`))
        .map((i) => i[figure]),
    );
  const outputs = (code) => {
    const byIndicator = new Map();
    for (const item of items.filter((i) => i.contentCode === code)) {
      for (const { progress } of item.indicators) {
        const seen = byIndicator.get(progress.indicator.code) ?? {
          indicator: progress.indicator,
          achieved: 0,
          planned: 0,
        };
        seen.achieved += progress.achieved;
        seen.planned += progress.planned;
        byIndicator.set(progress.indicator.code, seen);
      }
    }
    return [...byIndicator.values()];
  };
  const roots = program.contents.filter((c) => c.code.split(".").length === 2);
  const node = (content) => {
    const children = program.contents.filter(
      (c) =>
        c.code.startsWith(`${content.code}.`) &&
        c.code.split(".").length === content.code.split(".").length + 1,
    );
    const title = localName(content, "title");
    const label = h(
      "span",
      { class: "content-title", title },
      h("b", {}, content.code),
      " ",
      title,
    );
    const figures = review
      ? h(
          "span",
          { class: "content-money" },
          h("span", {}, `${t("committed")}: `),
          moneyCell("committed", money(content.code, "committed"), "span"),
          h("span", {}, ` · ${t("paid")}: `),
          moneyCell("paid", money(content.code, "paid"), "span"),
          outputs(content.code).map((o) =>
            h(
              "span",
              { class: "content-output" },
              ` · ${localName(o.indicator)}: ${formatCount(o.achieved)}/${formatCount(o.planned)}`,
            ),
          ),
        )
      : null;
    const summary = h(
      "div",
      { class: "content-row", dataset: { content: content.code } },
      label,
      figures,
    );
    if (!children.length) return h("li", {}, summary);
    return h(
      "li",
      {},
      h("details", {}, h("summary", {}, summary), h("ul", {}, children.map(node))),
    );
  };
  section.append(h("ul", { class: "content-tree" }, roots.map(node)));
  return section;
}
