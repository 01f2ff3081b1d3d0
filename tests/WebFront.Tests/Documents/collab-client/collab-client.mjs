// Drives real @microsoft/signalr connections for the collaborative editing tests, one JSON object per line, with the
// protocol of tests/TestSupport/Hubs/hub-client/json-lines.mjs (so HubClientProcess runs it), plus the convergence simulation.
//
// Requests on stdin, besides connect, invoke and stop:
//   { id, op: "converge", url, tokens, workspaceId, path, seed, clients, durationMs }
//                                                       runs simulate() from convergence.mjs and answers with its report
// Unprompted lines on stdout:
//   { event, client, arg, at }     a hub event (documentUpdates, documentPresence, documentNotice) as the client received it
//   { event: "closed", client, error }
import * as signalR from "@microsoft/signalr";
import { serveHubClient } from "../../../TestSupport/Hubs/hub-client/json-lines.mjs";
import { simulate } from "./convergence.mjs";

serveHubClient({
  signalR,
  hubEvents: ["documentUpdates", "documentPresence", "documentNotice"],
  ops: { converge: simulate },
});
