// The JSON-lines protocol the Node clients of the .NET tests speak (HubClientProcess drives them): hub-client.mjs here
// and tests/WebFront.Tests/Documents/collab-client/collab-client.mjs. It imports only Node's own modules, so a client in another
// package passes in its own @microsoft/signalr.
//
// Requests on stdin, each answered on stdout by { id, ok: true, result } or { id, ok: false, error }:
//   { id, op: "connect", client, url, token? }          opens a hub connection named `client` (WebSockets)
//   { id, op: "invoke", client, method, args: [...] }   calls a hub method and answers with its result
//   { id, op: "stop", client }                          closes the connection
//   { id, op: <one of the client's own ops>, ... }
// Unprompted lines on stdout:
//   { event, client, arg, at }     a hub event (one of the client's hubEvents) as the client received it
//   { event: "closed", client, error }
// `at` is the wall-clock time of receipt in milliseconds with microsecond precision.
import { createInterface } from "node:readline";

/** The wall-clock time in milliseconds with microsecond precision. */
export const now = () => performance.timeOrigin + performance.now();

/** Writes one unprompted line (or answer) on stdout. */
export const emit = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

/**
 * Answers the requests on stdin until it closes, then stops every connection and exits.
 * @param {object} options
 * @param {typeof import("@microsoft/signalr")} options.signalR the client's @microsoft/signalr
 * @param {string[]} options.hubEvents the hub events to report as they arrive
 * @param {Record<string, (request: any) => unknown>} [options.ops] the client's ops beyond connect, invoke and stop
 * @param {() => void} [options.onClose] runs when stdin closes, before the connections stop
 */
export function serveHubClient({ signalR, hubEvents, ops = {}, onClose = () => {} }) {
  const connections = new Map();

  function connectionOf(request) {
    const connection = connections.get(request.client);
    if (!connection) {
      throw new Error(`no connection named '${request.client}'`);
    }
    return connection;
  }

  async function connect({ client, url, token }) {
    if (connections.has(client)) {
      throw new Error(`a connection named '${client}' exists already`);
    }
    const options = { transport: signalR.HttpTransportType.WebSockets };
    if (token) {
      options.accessTokenFactory = () => token;
    }
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(url, options)
      .configureLogging(signalR.LogLevel.None)
      .build();
    for (const name of hubEvents) {
      connection.on(name, (arg) => emit({ event: name, client, arg, at: now() }));
    }
    connection.onclose((error) => {
      connections.delete(client);
      emit({ event: "closed", client, error: error ? String(error.message ?? error) : null });
    });
    await connection.start();
    connections.set(client, connection);
    return connection.connectionId;
  }

  async function handle(request) {
    switch (request.op) {
      case "connect":
        return connect(request);
      case "invoke":
        return (await connectionOf(request).invoke(request.method, ...(request.args ?? []))) ?? null;
      case "stop":
        await connectionOf(request).stop();
        return null;
      default:
        if (Object.hasOwn(ops, request.op)) {
          return ops[request.op](request);
        }
        throw new Error(`unknown op '${request.op}'`);
    }
  }

  const input = createInterface({ input: process.stdin });
  input.on("line", async (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      emit({ ok: false, error: `not JSON: ${line}` });
      return;
    }
    try {
      emit({ id: request.id, ok: true, result: await handle(request) });
    } catch (error) {
      emit({ id: request.id, ok: false, error: String(error?.message ?? error) });
    }
  });

  // When the test process goes away (stdin closes), close every connection, then exit.
  input.on("close", async () => {
    onClose();
    await Promise.allSettled([...connections.values()].map((connection) => connection.stop()));
    process.exit(0);
  });
}
