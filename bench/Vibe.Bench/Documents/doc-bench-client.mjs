// The Node side of the document benchmarks (edit-fanout, doc-push-rate): real @microsoft/signalr clients and, for the
// baseline, plain `ws` WebSocket clients (the library the SignalR client itself uses in Node), all timed here with one clock.
//
//   node doc-bench-client.mjs '<json config>'
//
// Modes (config.mode):
//   fanout-signalr  one sender and `receivers` other connections open the same document through /hubs/workspace; the sender
//                   pushes one update at a time (PushDocumentUpdates) and waits until every receiver got it as a
//                   documentUpdates event (and the push was acknowledged), then pauses `intervalMs`.
//   fanout-raw      the same, through a raw WebSocket relay (config.wsUrl) that forwards each message of the sender to every
//                   other connection; the message is the documentUpdates event the hub would send for the same update.
//   push-rate       one connection pushes sequentially at the current version, as fast as it can, for `durationMs`.
// The result is one JSON line on stdout: latencies in ms (push to receipt, per receiver; or push to acknowledgement).
// The packages come from the hub tests' pinned install (config.modules: that directory's package.json).
import { createRequire } from "node:module";

const config = JSON.parse(process.argv[2] ?? "{}");
const require = createRequire(config.modules);
const signalR = require("@microsoft/signalr");
const WebSocket = require("ws");

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind.
function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
const senderClientId = "bench-sender";

// The ChangeSet.toJSON() of inserting `text` at the end of a document of `length` UTF-16 units.
const appendChanges = (length, text) => (length === 0 ? [[0, text]] : [length, [0, text]]);

async function connectHub(name) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(config.hubUrl, { transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => config.token })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.onclose((error) => {
    if (!finished) {
      process.stderr.write(`connection ${name} closed: ${error?.message ?? "no error"}\n`);
    }
  });
  await connection.start();
  return connection;
}

function connectRaw() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(config.wsUrl);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

// Which receivers got which version, and when.
class Arrivals {
  constructor(receivers) {
    this.receivers = receivers;
    this.waiting = new Map();
  }

  expect(version, sentAt) {
    let done;
    const promise = new Promise((resolve) => (done = resolve));
    const entry = { sentAt, latencies: [], done };
    this.waiting.set(version, entry);
    return { entry, promise };
  }

  record(version, at) {
    const entry = this.waiting.get(version);
    if (!entry) {
      return;
    }
    entry.latencies.push(Math.round((at - entry.sentAt) * 1000) / 1000);
    if (entry.latencies.length === this.receivers) {
      entry.done();
    }
  }

  forget(version) {
    this.waiting.delete(version);
  }
}

let finished = false;

async function fanout(raw) {
  const receivers = config.receivers;
  const arrivals = new Arrivals(receivers);
  const onUpdates = (event) => {
    const at = now();
    for (let i = 0; i < event.updates.length; i++) {
      arrivals.record(event.startVersion + i, at);
    }
  };

  let sender;
  const listeners = [];
  let version;
  let length;
  if (raw) {
    sender = await connectRaw();
    for (let i = 0; i < receivers; i++) {
      const socket = await connectRaw();
      socket.on("message", (data) => onUpdates(JSON.parse(data.toString())));
      listeners.push(socket);
    }
    version = 0;
    length = config.initialLength;
  } else {
    sender = await connectHub("sender");
    const opened = await sender.invoke("OpenDocument", config.workspaceId, config.path);
    for (let i = 0; i < receivers; i++) {
      const connection = await connectHub(`receiver-${i}`);
      connection.on("documentUpdates", onUpdates);
      await connection.invoke("OpenDocument", config.workspaceId, config.path);
      listeners.push(connection);
    }
    version = opened.version;
    length = opened.text.length;
  }

  const latencies = [];
  const acks = [];
  let lost = 0;
  let rejected = 0;
  const total = config.warmup + config.count;
  for (let i = 0; i < total; i++) {
    const changes = appendChanges(length, config.insert);
    const sentAt = now();
    const { entry, promise } = arrivals.expect(version, sentAt);
    let accepted = true;
    if (raw) {
      sender.send(JSON.stringify({
        workspaceId: config.workspaceId,
        path: config.path,
        startVersion: version,
        updates: [{ clientID: senderClientId, changes }],
      }));
    } else {
      const result = await sender.invoke("PushDocumentUpdates", config.workspaceId, config.path, version, [
        { clientID: senderClientId, changes },
      ]);
      if (i >= config.warmup) {
        acks.push(now() - sentAt);
      }
      accepted = result.accepted;
      if (!accepted) {
        // Someone else moved the document on (e.g. a disk change): start again from its current state.
        rejected++;
        arrivals.forget(version);
        const reopened = await sender.invoke("OpenDocument", config.workspaceId, config.path);
        version = reopened.version;
        length = reopened.text.length;
        continue;
      }
    }
    const complete = await within(promise, config.receiptTimeoutMs);
    arrivals.forget(version);
    if (i >= config.warmup) {
      latencies.push(...entry.latencies);
      lost += receivers - entry.latencies.length;
    }
    if (!complete && entry.latencies.length === 0) {
      throw new Error(`no receiver got version ${version} within ${config.receiptTimeoutMs} ms`);
    }
    version++;
    length += config.insert.length;
    if (config.intervalMs > 0) {
      await sleep(config.intervalMs);
    }
  }

  finished = true;
  if (raw) {
    for (const socket of [sender, ...listeners]) {
      socket.close();
    }
  } else {
    await Promise.all([sender, ...listeners].map((connection) => connection.stop()));
  }
  return { latencies, acks, lost, rejected, version };
}

async function pushRate() {
  const connection = await connectHub("pusher");
  let { version, text } = await connection.invoke("OpenDocument", config.workspaceId, config.path);
  let length = text.length;
  const phase = async (durationMs, record) => {
    const latencies = [];
    let pushes = 0;
    let rejected = 0;
    const started = now();
    while (now() - started < durationMs) {
      const sentAt = now();
      const result = await connection.invoke("PushDocumentUpdates", config.workspaceId, config.path, version, [
        { clientID: senderClientId, changes: appendChanges(length, config.insert) },
      ]);
      if (result.accepted) {
        pushes++;
        version = result.version;
        length += config.insert.length;
        if (record) {
          latencies.push(now() - sentAt);
        }
      } else {
        rejected++;
        ({ version, text } = await connection.invoke("OpenDocument", config.workspaceId, config.path));
        length = text.length;
      }
    }
    return { pushes, rejected, seconds: (now() - started) / 1000, latencies };
  };

  await phase(config.warmupMs, false);
  const measured = await phase(config.durationMs, true);
  finished = true;
  await connection.stop();
  return { ...measured, version };
}

try {
  let result;
  switch (config.mode) {
    case "fanout-signalr":
      result = await fanout(false);
      break;
    case "fanout-raw":
      result = await fanout(true);
      break;
    case "push-rate":
      result = await pushRate();
      break;
    default:
      throw new Error(`unknown mode '${config.mode}'`);
  }
  // Exit only once the (large) line is flushed: a pipe takes 64 KiB at a time.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
