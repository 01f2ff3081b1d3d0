// Drives real @microsoft/signalr connections for the collaborative editing tests, one JSON object per line, with the
// same protocol as ../../Hubs/hub-client (so HubClientProcess runs it), plus the convergence simulation.
//
// Requests on stdin, each answered on stdout by { id, ok: true, result } or { id, ok: false, error }:
//   { id, op: "connect", client, url, token? }          opens a hub connection named `client` (WebSockets)
//   { id, op: "invoke", client, method, args: [...] }   calls a hub method and answers with its result
//   { id, op: "stop", client }                          closes the connection
//   { id, op: "converge", url, tokens, workspaceId, path, seed, clients, durationMs }
//                                                       runs simulate() from convergence.mjs and answers with its report
// Unprompted lines on stdout:
//   { event, client, arg, at }     a hub event (documentUpdates, documentPresence, documentNotice) as the client received it
//   { event: "closed", client, error }
import { createInterface } from "node:readline";
import * as signalR from "@microsoft/signalr";
import { simulate } from "./convergence.mjs";

const hubEvents = ["documentUpdates", "documentPresence", "documentNotice"];
const connections = new Map();

const now = () => performance.timeOrigin + performance.now();
const emit = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

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
  const connection = new signalR.HubConnectionBuilder().withUrl(url, options).configureLogging(signalR.LogLevel.None).build();
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
    case "converge":
      return simulate(request);
    default:
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
  await Promise.allSettled([...connections.values()].map((connection) => connection.stop()));
  process.exit(0);
});
