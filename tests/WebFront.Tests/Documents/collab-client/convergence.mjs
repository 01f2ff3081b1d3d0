// The convergence simulation: headless @codemirror/collab editors (no DOM, just EditorState) that make random edits
// with random delays and random disconnections against the real document hub, synchronising the way
// @codemirror/collab's peers do: push sendableUpdates at getSyncedVersion, apply what the authority sends with
// receiveUpdates (which confirms our own updates and rebases the unconfirmed ones over the others'), and after a
// rejected push or a reconnection pull and try again. Local edits made while offline are kept and pushed later.
// Everything random comes from one seeded generator, so a seed names a run (timings still vary).
import { ChangeSet, EditorState } from "@codemirror/state";
import { collab, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import * as signalR from "@microsoft/signalr";

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pieces of inserted text: ASCII, line breaks, non-ASCII BMP and astral characters (two UTF-16 units each). */
const pieces = ["a", "b", "c", "x", "y", "z", " ", " ", "\n", "\n", "\t", "é", "ß", "€", "中", "😀", "𝄞", "🚀", "fn ", "let ", "{\n  ", "}\n"];

/** The largest push: the hub refuses more updates than this in one call. */
const maxUpdatesPerPush = 1000;

/** How long a client waits for its accepted updates to come back as an event before it pulls them. */
const confirmWaitMs = 1000;

class SimulatedEditor {
  constructor(index, options, random) {
    this.index = index;
    this.options = options;
    this.random = random;
    this.state = null;
    this.online = false;
    this.epoch = 0; // bumped on every disconnection, so a failure of a call made before it is not mistaken for a bug
    this.needPull = false;
    this.awaiting = 0; // the version our last accepted push reached; its updates are unconfirmed until we see them
    this.finished = false;
    this.failure = null;
    this.reconnecting = null;
    this.waiter = null;
    this.stats = { edits: 0, pushes: 0, rejected: 0, pulls: 0, reloads: 0, disconnects: 0 };
    const token = options.tokens[index % options.tokens.length];
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(options.url, { transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => token })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.on("documentUpdates", (event) => {
      if (this.state && this.online && event.path === options.path) {
        this.apply(event.startVersion, event.updates);
      }
    });
  }

  invoke(method, ...args) {
    return this.connection.invoke(method, this.options.workspaceId, this.options.path, ...args);
  }

  wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(true);
  }

  /** Resolves true when woken, false when <paramref name="ms"/> passed first (never, without ms). */
  sleep(ms) {
    return new Promise((resolve) => {
      this.waiter = resolve;
      if (ms !== undefined) {
        setTimeout(() => {
          if (this.waiter === resolve) {
            this.waiter = null;
            resolve(false);
          }
        }, ms);
      }
    });
  }

  async connect() {
    await this.connection.start();
    const opened = await this.connection.invoke("OpenDocument", this.options.workspaceId, this.options.path);
    if (!this.state) {
      this.state = EditorState.create({ doc: opened.text, extensions: [collab({ startVersion: opened.version })] });
    } else if (opened.version < getSyncedVersion(this.state)) {
      throw new Error(`client ${this.index}: the server is at version ${opened.version}, behind the ${getSyncedVersion(this.state)} this client had confirmed`);
    }
    this.awaiting = 0;
    this.needPull = true; // whatever happened while we were away (or between the join and the open)
    this.online = true;
    this.wake();
  }

  /** Applies the authority's updates from startVersion, skipping those seen already; a gap means pull. */
  apply(startVersion, updates) {
    const synced = getSyncedVersion(this.state);
    if (startVersion > synced) {
      this.needPull = true;
      this.wake();
      return;
    }
    const unseen = updates.slice(synced - startVersion);
    if (unseen.length === 0) {
      return;
    }
    const received = unseen.map((update) => ({ clientID: update.clientID, changes: ChangeSet.fromJSON(update.changes) }));
    this.state = receiveUpdates(this.state, received).state;
    this.wake();
  }

  /** Pulls until the server has nothing newer; reloads (dropping unconfirmed edits) when too far behind. */
  async pullAll() {
    for (;;) {
      const from = getSyncedVersion(this.state);
      const pulled = await this.invoke("PullDocumentUpdates", from);
      this.stats.pulls++;
      if (pulled.status === "tooFarBehind") {
        const opened = await this.invoke("OpenDocument");
        this.state = EditorState.create({ doc: opened.text, extensions: [collab({ startVersion: opened.version })] });
        this.awaiting = 0;
        this.stats.reloads++;
        continue;
      }
      if (pulled.status !== "updates") {
        throw new Error(`client ${this.index}: pull from version ${from} answered '${pulled.status}'`);
      }
      if (pulled.updates.length === 0) {
        return;
      }
      this.apply(from, pulled.updates);
    }
  }

  /** Pushes the unconfirmed updates at the synced version; true when the authority took them. */
  async push() {
    const sendable = sendableUpdates(this.state).slice(0, maxUpdatesPerPush);
    const version = getSyncedVersion(this.state);
    const result = await this.invoke("PushDocumentUpdates", version, sendable.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })));
    this.stats.pushes++;
    if (result.accepted) {
      this.awaiting = Math.max(this.awaiting, result.version);
    } else {
      this.stats.rejected++;
    }
    return result.accepted;
  }

  /** The peer loop: pull when told to, push what is unconfirmed, wait for our pushed updates to come back. */
  async sync() {
    while (!this.finished && !this.failure) {
      if (!this.online) {
        await this.sleep();
        continue;
      }
      const epoch = this.epoch;
      try {
        if (this.needPull) {
          this.needPull = false;
          await this.pullAll();
        } else if (this.awaiting > getSyncedVersion(this.state)) {
          if (!(await this.sleep(confirmWaitMs))) {
            this.needPull = true;
          }
        } else if (sendableUpdates(this.state).length > 0) {
          if (!(await this.push())) {
            this.needPull = true;
          }
        } else {
          await this.sleep();
        }
      } catch (error) {
        if (this.online && epoch === this.epoch) {
          this.failure = error;
        }
      }
    }
  }

  /** A random edit of the local document: an insertion, a deletion or a replacement, never splitting a surrogate pair. */
  edit() {
    const doc = this.state.doc;
    const length = doc.length;
    const roll = this.random();
    const from = this.boundary(Math.floor(this.random() * (length + 1)));
    const reach = length > 3000 ? 200 : 24; // keep the document from growing without bound
    let to = this.boundary(Math.min(length, from + Math.floor(this.random() * reach)));
    let insert = "";
    if (roll < 0.5 || to === from) {
      to = from;
      insert = this.text();
    } else if (roll < 0.75) {
      insert = "";
    } else {
      insert = this.text();
    }
    this.state = this.state.update({ changes: { from, to, insert } }).state;
    this.stats.edits++;
  }

  boundary(position) {
    const doc = this.state.doc;
    if (position > 0 && position < doc.length) {
      const before = doc.sliceString(position - 1, position).charCodeAt(0);
      if (before >= 0xd800 && before <= 0xdbff) {
        return position - 1;
      }
    }
    return position;
  }

  text() {
    const count = 1 + Math.floor(this.random() * 8);
    let text = "";
    for (let i = 0; i < count; i++) {
      text += pieces[Math.floor(this.random() * pieces.length)];
    }
    return text;
  }

  /** Drops the connection for a while; edits go on locally meanwhile. */
  disconnect(ms) {
    this.online = false;
    this.epoch++;
    this.stats.disconnects++;
    this.reconnecting = (async () => {
      await this.connection.stop();
      await delay(ms);
      await this.connect();
    })().catch((error) => {
      this.failure ??= error;
    }).finally(() => {
      this.reconnecting = null;
    });
  }

  async edits(until) {
    while (Date.now() < until && !this.failure) {
      await delay(this.random() * 40);
      const roll = this.random();
      if (roll < 0.015 && this.online && !this.reconnecting) {
        this.disconnect(50 + this.random() * 400);
      } else {
        this.edit();
        this.wake();
      }
    }
  }

  /** After the editing stopped: back online, pull everything, push what is left until nothing is unconfirmed. */
  async flush() {
    await this.reconnecting;
    if (!this.online && !this.failure) {
      await this.connect();
    }
    for (let round = 0; !this.failure; round++) {
      await this.pullAll();
      if (sendableUpdates(this.state).length === 0) {
        return;
      }
      if (round > 1000) {
        throw new Error(`client ${this.index} could not get its updates accepted in 1000 rounds`);
      }
      await this.push();
    }
  }
}

/**
 * Runs the simulation and returns each client's final text and version with counts of what happened.
 * options: { url, tokens, workspaceId, path, seed, clients, durationMs }
 */
export async function simulate(options) {
  const random = prng(options.seed);
  const editors = Array.from({ length: options.clients }, (_, i) => new SimulatedEditor(i, options, prng(Math.floor(random() * 2 ** 32))));
  try {
    await Promise.all(editors.map((editor) => editor.connect()));
    const until = Date.now() + options.durationMs;
    const loops = editors.map((editor) => editor.sync());
    await Promise.all(editors.map((editor) => editor.edits(until)));
    for (const editor of editors) {
      editor.finished = true;
      editor.wake();
    }
    await Promise.all(loops);
    throwFirstFailure(editors, options.seed);
    await Promise.all(editors.map((editor) => editor.flush()));
    // Someone may have pushed after another's last pull: one more pull each sees every update.
    await Promise.all(editors.map((editor) => editor.pullAll()));
    throwFirstFailure(editors, options.seed);
    return {
      seed: options.seed,
      texts: editors.map((editor) => editor.state.doc.toString()),
      versions: editors.map((editor) => getSyncedVersion(editor.state)),
      unconfirmed: editors.map((editor) => sendableUpdates(editor.state).length),
      stats: editors.map((editor) => editor.stats),
    };
  } catch (error) {
    throw new Error(`seed ${options.seed}: ${error?.message ?? error}`);
  } finally {
    await Promise.allSettled(editors.map((editor) => editor.connection.stop()));
  }
}

function throwFirstFailure(editors, seed) {
  const failed = editors.find((editor) => editor.failure);
  if (failed) {
    throw new Error(`client ${failed.index} failed (seed ${seed}): ${failed.failure?.message ?? failed.failure}`);
  }
}
