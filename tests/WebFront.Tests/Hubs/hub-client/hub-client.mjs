// Drives real @microsoft/signalr hub connections for the .NET tests and benchmarks, one JSON object per line.
//
// Requests on stdin, each answered on stdout by { id, ok: true, result } or { id, ok: false, error }:
//   { id, op: "connect", client, url, token? }          opens a hub connection named `client` (WebSockets)
//   { id, op: "invoke", client, method, args: [...] }   calls a hub method and answers with its result
//   { id, op: "stop", client }                          closes the connection
//   { id, op: "spawn", name, command: [...] }           runs a process and reports each line of its stdout
//   { id, op: "kill", name }                            ends a spawned process
// Unprompted lines on stdout:
//   { event, client, arg, at }     a hub event (status, log, terminalOutput, terminalExited) as the client received it
//   { event: "closed", client, error }
//   { event: "line", name, text, at }   a line a spawned process printed
//   { event: "exited", name, code }
// `at` is the wall-clock time of receipt in milliseconds with microsecond precision.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import * as signalR from "@microsoft/signalr";

const hubEvents = ["status", "log", "terminalOutput", "terminalExited", "agentEvent"];
const connections = new Map();
const processes = new Map();

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

function spawnProcess({ name, command }) {
  if (processes.has(name)) {
    throw new Error(`a process named '${name}' runs already`);
  }
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
  processes.set(name, child);
  createInterface({ input: child.stdout }).on("line", (text) => emit({ event: "line", name, text, at: now() }));
  child.on("exit", (code) => {
    processes.delete(name);
    emit({ event: "exited", name, code });
  });
  return child.pid;
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
    case "spawn":
      return spawnProcess(request);
    case "kill":
      processes.get(request.name)?.kill();
      return null;
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

// When the test process goes away (stdin closes), close every connection and process, then exit.
input.on("close", async () => {
  for (const child of processes.values()) {
    child.kill();
  }
  await Promise.allSettled([...connections.values()].map((connection) => connection.stop()));
  process.exit(0);
});
