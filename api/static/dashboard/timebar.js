// The time slider: positions of the ledger's history with dates on the scale, and pickers for a
// recorded moment and an effective date. Moving it sets the point in the URL; "now" clears it.

import { h, replace } from "./dom.js";
import { formatDay, localInputToMoment, momentToLocalInput } from "./format.js";
import { t } from "./i18n.js";
import { isPinned } from "./route.js";

const SCALE_TICKS = 5;

/** The recorded time of the last entry at or before `position` in `times` ([position, time]);
 * null past the last one read, unless `times` reached the head. */
function timeAt(times, position, complete) {
  if (!times.length || (!complete && position > times[times.length - 1][0])) return null;
  let low = 0;
  let high = times.length - 1;
  let found = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (times[middle][0] <= position) {
      found = times[middle][1];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The position of the last entry recorded at or before `moment`, from `times`; null when
 * `times` cannot tell (none read, the moment before the first entry or past the last one read). */
function positionAt(times, moment, complete) {
  const limit = Date.parse(moment ?? "");
  if (!times.length || Number.isNaN(limit)) return null;
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (Date.parse(times[middle][1]) <= limit) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found < 0 || (found === times.length - 1 && !complete)) return null;
  return times[found][0];
}

/** The positions the scale marks with their dates, evenly spread from 1 to `head`. */
export function tickPositions(head) {
  return Array.from({ length: SCALE_TICKS }, (_, i) =>
    Math.max(1, Math.round(1 + ((head - 1) * i) / (SCALE_TICKS - 1))),
  );
}

export function renderTimebar(element, { params, head, times, timesComplete, marks, go }) {
  // A moment from the journal read whole, else a mark asked for by position (visitors).
  const momentAt = (p) => timeAt(times, p, timesComplete) ?? marks.get(p) ?? null;
  // A recorded moment pins the position the views read at; the slider shows it too.
  const position =
    Number(params.get("position")) ||
    positionAt(times, params.get("recordedAt"), timesComplete) ||
    head;
  const output = h("output", { id: "slider-value", for: "slider", "aria-live": "polite" });
  const describe = (p) => {
    const moment = momentAt(p);
    return `${t("positionOf", p, head)}${moment ? ` · ${formatDay(moment)}` : ""}`;
  };
  output.textContent = describe(position);
  const slider = h("input", {
    id: "slider",
    type: "range",
    min: 1,
    max: Math.max(head, 1),
    step: 1,
    value: position,
    oninput: (event) => {
      output.textContent = describe(Number(event.target.value));
    },
    onchange: (event) => go({ position: event.target.value, recordedAt: null }),
  });
  slider.setAttribute("aria-valuetext", describe(position));
  const scale = h("div", { class: "scale", "aria-hidden": "true" });
  // Until the dates are read (or where they cannot be), a tick names its position.
  tickPositions(head).forEach((p, i) => {
    const moment = momentAt(p);
    const tick = h("span", { class: "tick" }, moment ? formatDay(moment) : `#${p}`);
    tick.style.left = `${(i / (SCALE_TICKS - 1)) * 100}%`;
    scale.append(tick);
  });
  const recorded = h("input", {
    id: "recorded-at",
    type: "datetime-local",
    value: momentToLocalInput(params.get("recordedAt")),
  });
  const effective = h("input", {
    id: "effective-on",
    type: "date",
    value: params.get("effectiveOn") ?? "",
  });
  const pickers = h(
    "form",
    {
      class: "pickers",
      onsubmit: (event) => {
        event.preventDefault();
        const moment = localInputToMoment(recorded.value);
        go({
          recordedAt: moment,
          position: moment ? null : params.get("position"),
          effectiveOn: effective.value || null,
        });
      },
    },
    h("div", { class: "field" }, h("label", { for: "recorded-at" }, t("recordedAt")), recorded),
    h("div", { class: "field" }, h("label", { for: "effective-on" }, t("effectiveOn")), effective),
    h("div", { class: "field" }, h("button", { type: "submit" }, t("apply"))),
    h(
      "div",
      { class: "field" },
      h(
        "button",
        {
          type: "button",
          id: "now",
          onclick: () => go({ position: null, recordedAt: null, effectiveOn: null }),
        },
        t("now"),
      ),
    ),
  );
  const pinned = isPinned(params);
  replace(
    element,
    h("h2", { class: "visually-hidden" }, t("timeTravel")),
    h("div", { class: "slider-row" }, h("label", { for: "slider" }, t("position")), slider, output),
    scale,
    h(
      "p",
      { id: "pin-state", class: pinned ? "pinned" : "following", dataset: { pinned } },
      pinned ? t("pinned") : t("live"),
    ),
    pickers,
  );
}
