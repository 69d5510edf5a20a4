// Runs graphql-http's server audits (the GraphQL over HTTP spec) against the URL given as the
// first argument and prints one JSON line per audit: {id, name, status, reason?, body?}.
// Exits 0 when it ran; the caller decides what counts as a failure.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

const results = await Promise.all(serverAudits({ url, fetchFn: fetch }).map(({ fn }) => fn()));
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    line.reason = result.reason;
    line.httpStatus = result.response.status;
    line.body = await result.response.text().catch(() => '(body already read)');
  }
  console.log(JSON.stringify(line));
}
