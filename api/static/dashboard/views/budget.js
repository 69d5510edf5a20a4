// Budget execution: per year as a chart and a table, and for signed-in users every line by
// year × source × holder, each with allocated, committed, paid, available and the rate.

import { request } from "../graphql.js";
import { h, svg } from "../dom.js";
import { formatRate, formatVnd, share } from "../format.js";
import { lang, t } from "../i18n.js";
import { BUDGET_LINES, BUDGET_TOTALS } from "../queries.js";
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

const FIGURES = ["allocated", "committed", "paid", "available"];
const CHART_FIGURES = ["allocated", "committed", "paid"];

export async function render(ctx) {
  const year = ctx.params.get("year");
  const holder = unitFilter(ctx, "holder");
  const years = yearsOf(ctx.program);
  const base = { code: ctx.programCode, holder: holder || null, asOf: ctx.asOf };
  const [perYear, whole] = await Promise.all([
    Promise.all(years.map((y) => request(BUDGET_TOTALS, { ...base, year: y }))),
    request(ctx.signedIn ? BUDGET_LINES : BUDGET_TOTALS, {
      ...base,
      year: year ? Number(year) : null,
    }),
  ]);
  const rows = perYear.map((answer, i) => ({ year: years[i], ...answer.budget.totals }));
  return [
    heading(t("budget")),
    h(
      "p",
      { class: "muted", dataset: { position: whole.budget.position } },
      t("asAt", whole.budget.position),
    ),
    h(
      "form",
      { class: "filters", "aria-label": t("filter"), onsubmit: (e) => e.preventDefault() },
      selectFilter(
        ctx,
        "year",
        t("year"),
        years.map((y) => [y, y]),
        t("allYears"),
        year,
      ),
      unitSelect(ctx, "holder", t("holder"), unitOptions(ctx), holder),
    ),
    chart(rows),
    h("h3", {}, t("perYear")),
    table(
      "budget-years",
      [t("year")],
      rows.map((r) => ({ keys: [r.year], figures: r })),
      null,
    ),
    h("h3", {}, t("lines")),
    ctx.signedIn
      ? table(
          "budget-lines",
          [t("year"), t("source"), t("holder")],
          whole.budget.lines.map((l) => ({
            keys: [l.year, l.source, `${l.holder.code} · ${l.holder.name}`],
            // The key stays the API's value (links, tests); the reader sees the source's name.
            shown: [
              l.year,
              t("sourceName")[l.source] ?? l.source,
              `${l.holder.code} · ${l.holder.name}`,
            ],
            figures: l,
          })),
          whole.budget.totals,
        )
      : h("p", { class: "muted" }, t("linesSignIn")),
  ];
}

function table(id, keyHeadings, rows, totals) {
  const headings = [...keyHeadings, ...FIGURES.map(t), t("executionRate")];
  const figureCells = (figures) => [
    ...FIGURES.map((name) => moneyCell(name, figures[name])),
    h(
      "td",
      { class: "num", dataset: { figure: "executionRate", value: figures.executionRate ?? "" } },
      formatRate(figures.executionRate, lang()),
    ),
  ];
  return figuresTable(
    id,
    headings.map((text, i) => [text, i >= keyHeadings.length]),
    rows.map((row) =>
      h(
        "tr",
        { dataset: { key: row.keys.join("|") } },
        (row.shown ?? row.keys).map((key, i) =>
          i === 0 ? h("th", { scope: "row" }, key) : h("td", { class: "key" }, key),
        ),
        figureCells(row.figures),
      ),
    ),
    totals
      ? h(
          "tr",
          { dataset: { key: "total" } },
          h("th", { scope: "row", colspan: keyHeadings.length }, t("total")),
          figureCells(totals),
        )
      : null,
  );
}

/** Grouped bars per year, drawn as SVG; the table beside it holds the exact figures. */
function chart(rows) {
  const width = 640;
  const height = 220;
  const top = 10;
  const bottom = 30;
  const largest = rows.reduce(
    (most, r) => CHART_FIGURES.reduce((m, f) => (BigInt(r[f]) > BigInt(m) ? r[f] : m), most),
    "0",
  );
  const slot = width / Math.max(rows.length, 1);
  const barWidth = (slot - 16) / CHART_FIGURES.length;
  const description = rows
    .map((r) => `${r.year}: ${CHART_FIGURES.map((f) => `${t(f)} ${formatVnd(r[f])}`).join(", ")}`)
    .join("; ");
  const picture = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart",
    role: "img",
    "aria-label": `${t("chart")}. ${description}`,
  });
  rows.forEach((row, i) => {
    CHART_FIGURES.forEach((figure, j) => {
      const barHeight = share(row[figure], largest) * (height - top - bottom);
      const rect = svg(
        "rect",
        {
          x: i * slot + 8 + j * barWidth,
          y: height - bottom - barHeight,
          width: barWidth - 2,
          height: barHeight,
          class: `series-${figure}`,
        },
        svg("title", {}, `${row.year} · ${t(figure)}: ${formatVnd(row[figure])}`),
      );
      picture.append(rect);
    });
    picture.append(
      svg("text", { x: i * slot + slot / 2, y: height - 10, "text-anchor": "middle" }, row.year),
    );
  });
  const legend = h(
    "ul",
    { class: "legend" },
    CHART_FIGURES.map((figure) =>
      h("li", {}, h("span", { class: `swatch series-${figure}` }), t(figure)),
    ),
  );
  return h("figure", { class: "chart-box" }, picture, h("figcaption", {}, t("chart")), legend);
}
