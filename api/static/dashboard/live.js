// The ledger moving: signed-in users get the journal's entries live over the subscription;
// anyone else's page asks the public head now and then. Either way `onMove` is told.

import { request, subscribe } from "./graphql.js";
import { h, replace } from "./dom.js";
import { formatDateTime } from "./format.js";
import { t } from "./i18n.js";
import { JOURNAL_LIVE, LEDGER_HEAD } from "./queries.js";

const FEED_ENTRIES_MAX = 30;
const FEED_BACKLOG_ENTRIES = 10;
const HEAD_POLL_MS = 5000;
const RECONNECT_MS = 1000;

export function startLive(element, { signedIn, head, onMove }) {
  const list = h("ol", { id: "feed", class: "feed", reversed: true });
  replace(element, h("h2", {}, t("feed")));
  if (!signedIn) {
    element.append(h("p", { class: "muted" }, t("feedAnonymous")));
    let known = head;
    setInterval(async () => {
      try {
        const { ledgerHead } = await request(LEDGER_HEAD);
        if (ledgerHead.position !== known) {
          known = ledgerHead.position;
          onMove(known, null);
        }
      } catch {
        // The next poll asks again.
      }
    }, HEAD_POLL_MS);
    return;
  }
  const status = h("p", { class: "muted", id: "feed-status" }, t("feedWaiting"));
  element.append(status, list);
  let last = Math.max(0, head - FEED_BACKLOG_ENTRIES);
  const connect = () => {
    subscribe(
      JOURNAL_LIVE,
      { after: last },
      {
        onNext: ({ journal: entry }) => {
          last = entry.position;
          list.prepend(
            h(
              "li",
              { dataset: { position: entry.position, type: entry.type } },
              h(
                "span",
                { class: "feed-head" },
                h(
                  "a",
                  { href: `#/audit?event=${entry.position}`, title: t("verifyEvent") },
                  `#${entry.position}`,
                ),
                ` · ${formatDateTime(entry.recordedAt)} · ${entry.type}`,
              ),
              h("span", { class: "feed-summary" }, entry.summary),
            ),
          );
          while (list.children.length > FEED_ENTRIES_MAX) list.lastElementChild.remove();
          onMove(entry.position, entry);
        },
        onError: (error) => {
          status.textContent = `${t("error")} ${error.code}: ${error.message}`;
        },
        onClose: (event) => {
          // 44xx: the server refused the connection (a bad token); asking again would not help.
          if (event.code >= 4400 && event.code < 4500)
            status.textContent = `${t("error")} ${event.code}`;
          else setTimeout(connect, RECONNECT_MS);
        },
      },
    );
  };
  connect();
}
