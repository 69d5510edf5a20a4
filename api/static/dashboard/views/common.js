// Pieces the views share: filters bound to the URL, figure cells, and error notices.

import { h } from "../dom.js";
import { formatVnd } from "../format.js";
import { localName, t } from "../i18n.js";

// A unit filter's "all" when the user has a unit of their own: an empty parameter would mean
// "your unit" again.
const ALL_UNITS = "all";

/** The unit a view filters on: the URL's, else the user's own unit; null for all. */
export function unitFilter(ctx, name) {
  const value = ctx.params.get(name) ?? ctx.defaultUnit;
  return value === ALL_UNITS ? null : value;
}

/** A <select> with a visible label whose choice goes into the URL parameter `name`. */
export function selectFilter(ctx, name, label, options, allLabel, value, allValue = "") {
  const id = `filter-${name}`;
  const select = h(
    "select",
    { id, name, onchange: (event) => ctx.go({ [name]: event.target.value || null, trail: null }) },
    h("option", { value: allValue, selected: !value }, allLabel),
    options.map(([optionValue, text]) =>
      h(
        "option",
        { value: optionValue, selected: String(optionValue) === String(value ?? "") },
        text,
      ),
    ),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), select);
}

/** The province, the districts and 79, and a commune user's own commune. */
export function unitOptions(ctx) {
  return ctx.program.units
    .filter((u) => u.level !== "commune" || u.code === ctx.defaultUnit)
    .map((u) => [u.code, `${u.code} · ${localName(u)}`]);
}

/** The unit <select>: its "all" stays "all" for a user whose default is their own unit. */
export function unitSelect(ctx, name, label, options, value) {
  return selectFilter(
    ctx,
    name,
    label,
    options,
    t("allUnits"),
    value,
    ctx.defaultUnit ? ALL_UNITS : "",
  );
}

export function yearsOf(program) {
  const first = Number(program.periodStart.slice(0, 4));
  const last = Number(program.periodEnd.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A money cell: the exact figure as text, the API's digits in data-value. */
export function moneyCell(figure, value, tag = "td") {
  return h(tag, { class: "num", dataset: { figure, value } }, formatVnd(value));
}

export function notice(error, signedIn = true) {
  const forbidden = error.code === "FORBIDDEN";
  if (forbidden && !signedIn) {
    return h(
      "p",
      { class: "notice", role: "status", dataset: { code: error.code } },
      t("projectsAnonymous"),
    );
  }
  return h(
    "p",
    {
      class: forbidden ? "notice" : "notice notice-error",
      role: "status",
      dataset: { code: error.code ?? "" },
    },
    forbidden ? `${t("forbidden")}: ` : `${t("error")} ${error.code ?? ""}: `,
    error.message,
  );
}

/**
 * A table of figures that scrolls sideways on a narrow screen: `columns` are [heading,
 * numeric] pairs (numeric ones align right), then the body's rows and an optional foot.
 */
export function figuresTable(id, columns, rows, foot = null) {
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { id, class: "figures-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map(([text, numeric]) =>
            h("th", { scope: "col", class: numeric ? "num" : null }, text),
          ),
        ),
      ),
      h("tbody", {}, rows),
      foot ? h("tfoot", {}, foot) : null,
    ),
  );
}

export function heading(text) {
  return h("h2", { tabindex: "-1", class: "view-heading" }, text);
}
