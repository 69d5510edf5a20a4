// Starts GraphiQL with the explorer against this server: queries and mutations over HTTP to the
// page's own URL, subscriptions over a WebSocket to the same URL (graphql-transport-ws).
// The query, variables and headers typed are kept in the page's address, so a link shares them.
"use strict";

(function () {
  const WELCOME = `# Khuyến công Ledger · GraphiQL
#
# Write a query here and run it with Ctrl-Enter (or the ▶ button).
# Icons at the left: Docs (the first) shows the schema; the Explorer (the third)
# builds queries by ticking fields.
# Signed-in calls: put {"Authorization": "Bearer <token>"} under Headers below.
#
# For example:
#
#     { programs { code titleEn periodStart periodEnd } }
#
# Subscriptions run here too:
#
#     subscription { journal(after: 0) { position type summary } }
#
`;

  const parameters = new URLSearchParams(window.location.search);
  const endpoint = window.location.origin + window.location.pathname;

  function webSocketUrl(httpUrl) {
    const url = new URL(httpUrl);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.hash = "";
    url.search = "";
    return url.toString();
  }

  function remember(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    const search = parameters.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  const fetcher = GraphiQL.createFetcher({
    url: endpoint,
    subscriptionUrl: webSocketUrl(endpoint),
  });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  // The editors own their text; the page only gives the first one. (Giving GraphiQL the text
  // back on each edit makes it set the editor again, which moves the cursor while one types.)
  const page = React.createElement(GraphiQL, {
    fetcher: fetcher,
    plugins: [explorer],
    defaultEditorToolsVisibility: true,
    inputValueDeprecation: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    query: parameters.get("q") || WELCOME,
    variables: parameters.get("variables") || undefined,
    headers: parameters.get("headers") || undefined,
    onEditQuery: function (value) {
      remember("q", value);
    },
    onEditVariables: function (value) {
      remember("variables", value);
    },
  });

  ReactDOM.createRoot(document.getElementById("graphiql")).render(page);
})();
