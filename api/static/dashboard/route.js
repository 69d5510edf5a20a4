// The view and its point in history live in the URL's fragment, so a link reproduces exactly
// what was on screen: #/budget?year=2024&position=900, #/project/<id>?recordedAt=….

export const TIME_PARAMS = ["position", "recordedAt", "effectiveOn"];
export const VIEWS = ["program", "budget", "projects", "project", "audit"];

export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?");
  const [view, ...rest] = path.split("/");
  return {
    view: VIEWS.includes(view) ? view : "program",
    arg: rest.length ? decodeURIComponent(rest.join("/")) : null,
    params: new URLSearchParams(query),
  };
}

export function href(view, arg = null, params = new URLSearchParams()) {
  const query = params.toString();
  const path = arg ? `${view}/${encodeURIComponent(arg)}` : view;
  return `#/${path}${query ? `?${query}` : ""}`;
}

/** The current point in history, kept when moving between views. */
export function timeParams(params) {
  const kept = new URLSearchParams();
  for (const name of TIME_PARAMS) if (params.get(name)) kept.set(name, params.get(name));
  return kept;
}

/** The API's AsOfInput for the point in `params`, or null for now. */
export function asOfInput(params) {
  const position = params.get("position");
  const recordedAt = params.get("recordedAt");
  const effectiveOn = params.get("effectiveOn");
  if (!position && !recordedAt && !effectiveOn) return null;
  return {
    position: position ? Number(position) : null,
    recordedAt: recordedAt || null,
    effectiveOn: effectiveOn || null,
  };
}

export function isPinned(params) {
  return asOfInput(params) !== null;
}
