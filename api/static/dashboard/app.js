// The dashboard's shell: who you are, the language, the time bar, the live feed, and the view
// the URL names. Every figure comes from the public GraphQL API (queries.js).

import { h, replace } from "./dom.js";
import { request } from "./graphql.js";
import { lang, setLang, t } from "./i18n.js";
import { startLive } from "./live.js";
import { JOURNAL_TIMES, RECORDED_TIMES, WHOAMI_CHECK, journalAfter } from "./queries.js";
import { asOfInput, currentRoute, href, isPinned, timeParams } from "./route.js";
import { session } from "./session.js";
import { renderTimebar, tickPositions } from "./timebar.js";
import { notice } from "./views/common.js";
import * as audit from "./views/audit.js";
import * as budget from "./views/budget.js";
import * as program from "./views/program.js";
import * as project from "./views/project.js";
import * as projects from "./views/projects.js";

const VIEWS = { program, budget, projects, project, audit };
const NAV = ["program", "budget", "projects", "audit"];
const JOURNAL_PAGE_SIZE = 500;
// The scale's dates come from reading the journal's positions and times; past this many pages
// (100,000 entries) the later part of the scale shows positions only.
const JOURNAL_PAGES_MAX = 200;
const REFRESH_DEBOUNCE_MS = 300;
const EDITING_RECHECK_MS = 1000;

const state = {
  program: null,
  head: 0,
  times: [], // [position, recordedAt] of the journal's entries, in order
  timesComplete: false, // whether `times` reaches the head, so live entries may extend it
  marks: new Map(), // position → recordedAt of the scale's ticks, for visitors (recordedTimes)
  marksAsked: new Set(), // positions asked for already, so a redraw does not ask again
  renderCount: 0,
  lastView: null,
};

function go(changes, { quiet = false } = {}) {
  const route = currentRoute();
  const params = new URLSearchParams(route.params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") params.delete(name);
    else params.set(name, String(value));
  }
  const target = href(route.view, route.arg, params);
  if (quiet) history.replaceState(null, "", target);
  else location.hash = target;
}

function chrome() {
  document.documentElement.lang = lang();
  document.title = t("title");
  const route = currentRoute();
  replace(document.getElementById("skip"), t("skip"));
  replace(document.getElementById("title"), t("title"));
  document.getElementById("timebar").setAttribute("aria-label", t("timeTravel"));
  document.getElementById("nav").setAttribute("aria-label", t("nav"));
  replace(
    document.getElementById("nav"),
    h(
      "ul",
      {},
      NAV.map((view) =>
        h(
          "li",
          {},
          h(
            "a",
            {
              href: href(view, null, timeParams(route.params)),
              "aria-current":
                route.view === view || (view === "projects" && route.view === "project")
                  ? "page"
                  : null,
            },
            t(view),
          ),
        ),
      ),
    ),
  );
  replace(document.getElementById("lang"), t("language"));
  document.getElementById("lang").setAttribute("aria-label", t("languageLabel"));
  whoYouAre(document.getElementById("who"));
}

function whoYouAre(element) {
  const who = session.who();
  if (who) {
    const role = t("role")[who.role] ?? who.role;
    replace(
      element,
      h("span", { id: "who-name" }, `${who.subject} · ${role}${who.unit ? ` · ${who.unit}` : ""}`),
      " ",
      h(
        "button",
        {
          type: "button",
          id: "sign-out",
          onclick: () => {
            session.signOut();
            location.reload();
          },
        },
        t("signOut"),
      ),
    );
    return;
  }
  const token = h("textarea", { id: "token", rows: 3, autocomplete: "off", spellcheck: "false" });
  const message = h("p", { id: "token-message", role: "alert" });
  const form = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        session.signIn(token.value);
        try {
          await request(WHOAMI_CHECK);
          location.reload();
        } catch (error) {
          session.signOut();
          message.textContent = `${t("tokenRefused")}: ${error.code} ${error.message}`;
        }
      },
    },
    h("label", { for: "token" }, t("tokenLabel")),
    token,
    h("button", { type: "submit", id: "token-save" }, t("tokenSave")),
    message,
  );
  replace(
    element,
    h("span", { id: "who-name" }, t("anonymous")),
    " ",
    h("details", { id: "sign-in" }, h("summary", {}, t("signIn")), form),
  );
}

function timebar() {
  const element = document.getElementById("timebar");
  // Redrawn on every move: a keyboard user stays on the control they were using.
  const focused = element.contains(document.activeElement) ? document.activeElement.id : null;
  renderTimebar(element, {
    params: currentRoute().params,
    head: state.head,
    times: state.times,
    timesComplete: state.timesComplete,
    marks: state.marks,
    go,
  });
  if (focused) document.getElementById(focused)?.focus();
  if (!session.token()) loadMarks();
}

/** A visitor's scale: the recorded dates of its tick positions, which are public. */
function loadMarks() {
  const missing = tickPositions(state.head).filter((p) => !state.marksAsked.has(p));
  if (!state.head || !missing.length) return;
  for (const p of missing) state.marksAsked.add(p);
  request(RECORDED_TIMES, { positions: missing }).then(
    ({ recordedTimes }) => {
      for (const { position, recordedAt } of recordedTimes) state.marks.set(position, recordedAt);
      if (recordedTimes.length) timebar();
    },
    () => {},
  );
}

async function renderView({ quiet = false } = {}) {
  const route = currentRoute();
  const main = document.getElementById("main");
  const count = ++state.renderCount;
  const moved = state.lastView !== route.view;
  state.lastView = route.view;
  if (!quiet) main.setAttribute("aria-busy", "true");
  const ctx = {
    arg: route.arg,
    params: route.params,
    asOf: asOfInput(route.params),
    program: state.program,
    programCode: state.program.code,
    signedIn: Boolean(session.token()),
    defaultUnit: session.defaultUnit(),
    go,
  };
  let content;
  try {
    content = await VIEWS[route.view].render(ctx);
  } catch (error) {
    content = [
      h("h2", { tabindex: "-1", class: "view-heading" }, t(route.view)),
      notice(error, ctx.signedIn),
    ];
  }
  if (count !== state.renderCount) return; // a later render overtook this one
  replace(main, content);
  main.dataset.view = route.view;
  main.dataset.rendered = String(count);
  main.removeAttribute("aria-busy");
  if (moved && count > 1) main.querySelector(".view-heading")?.focus();
  if (count === 1) performance.mark("figures-visible");
}

/** Positions and recorded times of the whole journal, for the slider's scale. */
async function loadTimes() {
  const times = [];
  let after = null;
  for (let page = 0; page < JOURNAL_PAGES_MAX; page += 1) {
    const { journal } = await request(JOURNAL_TIMES, { after, first: JOURNAL_PAGE_SIZE });
    for (const { node } of journal.edges) times.push([node.position, node.recordedAt]);
    if (!journal.pageInfo.hasNextPage) return { times, complete: true };
    after = journalAfter(journal);
  }
  return { times, complete: false };
}

let refreshTimer = null;

/** Whether the user is in a field of the view or the time bar: redrawing would take it away. */
function userIsEditing() {
  const active = document.activeElement;
  return (
    active !== null &&
    ["INPUT", "SELECT", "TEXTAREA"].includes(active.tagName) &&
    (document.getElementById("main").contains(active) ||
      document.getElementById("timebar").contains(active))
  );
}

function scheduleRefresh(delayMs) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (userIsEditing()) {
      scheduleRefresh(EDITING_RECHECK_MS);
      return;
    }
    timebar();
    // A point pinned in the past stays as it is; the present follows the ledger.
    if (!isPinned(currentRoute().params)) renderView({ quiet: true });
  }, delayMs);
}

function ledgerMoved(position, entry) {
  state.head = Math.max(state.head, position);
  const last = state.times[state.times.length - 1];
  if (entry && state.timesComplete && (!last || entry.position > last[0])) {
    state.times.push([entry.position, entry.recordedAt]);
  }
  scheduleRefresh(REFRESH_DEBOUNCE_MS);
}

/** Starts the page; `programs` is the PROGRAMS answer, already asked for by main.js. */
export async function start(programs) {
  // The fragment holds the route, so the skip link moves focus instead of following "#main".
  document.getElementById("skip").addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("main").focus();
  });
  document.getElementById("lang").addEventListener("click", () => {
    setLang(lang() === "vi" ? "en" : "vi");
    chrome();
    timebar();
    renderView({ quiet: true });
  });
  chrome();
  let answer;
  try {
    answer = await programs;
  } catch (error) {
    replace(document.getElementById("main"), notice(error));
    return;
  }
  state.program = answer.programs[0];
  if (!state.program) {
    replace(document.getElementById("main"), h("p", { class: "notice" }, "—"));
    return;
  }
  state.head = answer.ledgerHead.position;
  timebar();
  window.addEventListener("hashchange", () => {
    chrome();
    timebar();
    renderView();
  });
  await renderView();
  startLive(document.getElementById("live"), {
    signedIn: Boolean(session.token()),
    head: state.head,
    onMove: ledgerMoved,
  });
  if (session.token()) {
    loadTimes().then(
      ({ times, complete }) => {
        state.times = times;
        state.timesComplete = complete;
        timebar();
      },
      () => {},
    );
  }
}
