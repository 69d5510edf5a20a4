// One project as of the chosen point: its money, its outputs, and its story as a timeline of
// events (actor, document, effective date, recorded time), each verifiable in the audit panel.

import { request } from "../graphql.js";
import { h } from "../dom.js";
import { formatCount, formatDate, formatDateTime, formatVnd } from "../format.js";
import { localName, t } from "../i18n.js";
import { PROJECT } from "../queries.js";
import { href, timeParams } from "../route.js";
import { heading, moneyCell } from "./common.js";

const MONEY = [
  "eligibleCost",
  "requested",
  "approvedSupport",
  "paid",
  "advancesOutstanding",
  "refundDue",
];

export async function render(ctx) {
  const data = await request(PROJECT, { id: ctx.arg, asOf: ctx.asOf });
  const project = data.project;
  const back = h(
    "p",
    {},
    h("a", { href: href("projects", null, timeParams(ctx.params)) }, t("back")),
  );
  if (!project) return [back, heading(t("notFound"))];
  return [
    back,
    heading(`${project.code} · ${project.title}`),
    h(
      "p",
      { class: "subtitle" },
      [
        t("statusName")[project.status] ?? project.status,
        project.unitName,
        project.contentCode,
        `${t("year")} ${project.year}`,
      ].join(" · "),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "section",
        { "aria-labelledby": "money-heading" },
        h("h3", { id: "money-heading" }, t("money")),
        h(
          "dl",
          { class: "figures", id: "project-money" },
          MONEY.map((name) =>
            h("div", {}, h("dt", {}, t(name)), moneyCell(name, project[name], "dd")),
          ),
          project.support.map((s) =>
            h(
              "div",
              {},
              h("dt", {}, `${t("approvedSupport")} · ${t("sourceName")[s.source] ?? s.source}`),
              moneyCell(`support-${s.source}`, s.amount, "dd"),
            ),
          ),
          h(
            "div",
            {},
            h("dt", {}, t("coFinancing")),
            h(
              "dd",
              {},
              [
                project.coFinancing.declared,
                project.coFinancing.evidenced,
                project.coFinancing.settled,
              ]
                .map(formatVnd)
                .join(" / "),
            ),
          ),
        ),
      ),
      outputs(project.history, ctx.program.indicators),
    ),
    timeline(ctx, project.history),
  ];
}

/** Outputs as the events state them: planned when proposed, accepted at acceptance. */
function outputs(history, indicators) {
  const named = (code) => {
    const indicator = indicators.find((i) => i.code === code);
    return indicator ? `${localName(indicator)} (${indicator.unit})` : code;
  };
  const sum = (type, field) => {
    const totals = new Map();
    for (const entry of history.filter((e) => e.type === type)) {
      for (const o of entry.payload[field] ?? []) {
        totals.set(o.indicator_code, (totals.get(o.indicator_code) ?? 0) + o.quantity);
      }
    }
    return [...totals.entries()];
  };
  const list = (id, title, rows) => [
    h("h4", {}, title),
    rows.length
      ? h(
          "ul",
          { id },
          rows.map(([code, n]) =>
            h(
              "li",
              { dataset: { indicator: code, value: n } },
              `${named(code)}: ${formatCount(n)}`,
            ),
          ),
        )
      : h("p", { class: "muted" }, "—"),
  ];
  return h(
    "section",
    { "aria-labelledby": "outputs-heading" },
    h("h3", { id: "outputs-heading" }, t("outputs")),
    list("outputs-planned", t("outputsPlanned"), sum("Project.Proposed", "planned_outputs")),
    list("outputs-accepted", t("outputsAccepted"), sum("Project.OutputsAccepted", "outputs")),
  );
}

function timeline(ctx, history) {
  return h(
    "section",
    { "aria-labelledby": "timeline-heading" },
    h("h3", { id: "timeline-heading" }, t("timeline")),
    h(
      "ol",
      { class: "timeline", id: "timeline" },
      history.map((entry) =>
        h(
          "li",
          { dataset: { position: entry.position, type: entry.type } },
          h(
            "div",
            { class: "timeline-when" },
            h("span", { class: "timeline-date" }, formatDate(entry.effectiveOn)),
            h("span", { class: "muted" }, ` #${entry.position}`),
          ),
          h(
            "div",
            { class: "timeline-what" },
            h("p", { class: "timeline-summary" }, entry.summary),
            h(
              "dl",
              { class: "timeline-facts" },
              h("div", {}, h("dt", {}, t("actor")), h("dd", {}, entry.actor)),
              h("div", {}, h("dt", {}, t("document")), h("dd", {}, entry.documentRef)),
              h("div", {}, h("dt", {}, t("effective")), h("dd", {}, formatDate(entry.effectiveOn))),
              h(
                "div",
                {},
                h("dt", {}, t("recorded")),
                h("dd", {}, formatDateTime(entry.recordedAt)),
              ),
            ),
            h(
              "a",
              { href: href("audit", null, new URLSearchParams({ event: entry.position })) },
              t("verifyEvent"),
            ),
          ),
        ),
      ),
    ),
  );
}
