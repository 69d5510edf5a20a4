// The only way the dashboard reaches the ledger: the public GraphQL API over HTTP, and the
// graphql-transport-ws protocol over a WebSocket for the journal's live entries.

import { session } from "./session.js";

const ENDPOINT = "/graphql";

export class ApiError extends Error {
  constructor(code, message, retryable = false) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

function authorization() {
  const token = session.token();
  return token ? { authorization: `Bearer ${token}` } : {};
}

// A database that blinked answers UNAVAILABLE with `retryable`: the same request is sent again
// after a pause (docs/FRONTEND.md), a few times, before the error is shown.
const RETRY_ATTEMPTS_MAX = 3;
const RETRY_PAUSE_MS = 1500;

/** Runs one document; answers its data or throws ApiError with the first error's code. */
export async function request(document, variables = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await requestOnce(document, variables);
    } catch (error) {
      if (!error.retryable || attempt >= RETRY_ATTEMPTS_MAX) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

async function requestOnce(document, variables) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...authorization(),
      },
      body: JSON.stringify({ query: document, variables }),
    });
  } catch (error) {
    throw new ApiError("NETWORK", String(error));
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP_${response.status}`, response.statusText);
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError(
      first.extensions?.code ?? `HTTP_${response.status}`,
      first.message,
      first.extensions?.retryable === true,
    );
  }
  return body.data;
}

const PROTOCOL = "graphql-transport-ws";

/**
 * Subscribes over graphql-transport-ws: connection_init (with the token), connection_ack,
 * subscribe, then next / error / complete; pings are answered with pongs. Returns a function
 * that closes the socket. `onClose` is told when the socket closes for any other reason.
 */
export function subscribe(document, variables, { onNext, onError, onClose }) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}${ENDPOINT}`, PROTOCOL);
  const id = "1";
  let closedByUs = false;
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "connection_init", payload: authorization() }));
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    switch (message.type) {
      case "connection_ack":
        socket.send(
          JSON.stringify({ id, type: "subscribe", payload: { query: document, variables } }),
        );
        break;
      case "ping":
        socket.send(JSON.stringify({ type: "pong" }));
        break;
      case "next":
        if (message.payload.errors?.length) {
          const first = message.payload.errors[0];
          onError(new ApiError(first.extensions?.code ?? "SUBSCRIPTION", first.message));
        } else {
          onNext(message.payload.data);
        }
        break;
      case "error": {
        const first = message.payload?.[0] ?? {};
        onError(new ApiError(first.extensions?.code ?? "SUBSCRIPTION", first.message ?? ""));
        break;
      }
      default:
        break;
    }
  });
  socket.addEventListener("close", (event) => {
    if (!closedByUs) onClose(event);
  });
  return () => {
    closedByUs = true;
    socket.close(1000);
  };
}
