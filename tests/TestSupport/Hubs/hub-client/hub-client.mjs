// Drives real @microsoft/signalr hub connections for the .NET tests and benchmarks, one JSON object per line, with the
// protocol of json-lines.mjs (connect, invoke, stop) plus processes to watch.
//
// Requests on stdin, besides those of json-lines.mjs:
//   { id, op: "spawn", name, command: [...] }           runs a process and reports each line of its stdout
//   { id, op: "kill", name }                            ends a spawned process
// Unprompted lines on stdout, besides those of json-lines.mjs:
//   { event, client, arg, at }     a hub event (status, log, terminalOutput, terminalExited, agentEvent, agentProviderChanged, filesChanged)
//   { event: "line", name, text, at }   a line a spawned process printed
//   { event: "exited", name, code }
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import * as signalR from "@microsoft/signalr";
import { emit, now, serveHubClient } from "./json-lines.mjs";

const processes = new Map();

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

serveHubClient({
  signalR,
  hubEvents: ["status", "log", "streamReset", "terminalOutput", "terminalExited", "agentEvent", "agentProviderChanged", "filesChanged"],
  ops: {
    spawn: spawnProcess,
    kill: ({ name }) => {
      processes.get(name)?.kill();
      return null;
    },
  },
  // The spawned processes end with the test process too.
  onClose: () => {
    for (const child of processes.values()) {
      child.kill();
    }
  },
});
