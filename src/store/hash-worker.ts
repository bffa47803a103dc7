/** A hashing worker thread of HashPool: runs tasks on its own engine of each hash scheme. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import { InputError } from "../errors.js";
import { keccakEngine } from "../spec/bytes.js";
import { hashSubtree } from "../tree/build-columns.js";
import { buildShards } from "./store-writer.js";
import { hashKeys, hashLeaves } from "../tree/leaves.js";
import type { HashTask, TaskReply } from "./hash-pool.js";
import { readBalancesColumns } from "../io/balances-columns.js";
import { bucketRange } from "./bucket-rows.js";
import { PART_BATCH_ROWS } from "./build-part.js";
import { selectPart } from "../tree/partition.js";
import type { AccountColumns } from "../tree/columns.js";
import { nodeSize } from "../spec/encoding.js";
import { hashSchemeNamed } from "../tree/hash-scheme.js";
import { hashBatchHere } from "./batch.js";

// The tree builders' tasks (tree/tasks.ts) are keccak's; the store's name their scheme.
const engine = keccakEngine();
// A task's SharedArrayBuffers (batches of a bounded build: hundreds of megabytes over a run) are freed only
// once every thread that saw them has collected its garbage, and this thread makes almost none of its own,
// so it would rarely collect. After each task it collects its young objects (a task's buffers arrive as
// young objects and, unless the task allocated a lot, are still young when it ends: a cheap collection);
// a full collection (several times dearer: docs/scale.md) runs when no task is waiting, and after a task
// that ends a second or more after the last one.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;
const FULL_COLLECTION_EVERY_MS = 1000;
let running = 0;
let lastFull = performance.now();
let idleCheckQueued = false;

function collectFully(): void {
  collect({ type: "major" });
  lastFull = performance.now();
}

function afterTask(): void {
  running--;
  if (performance.now() - lastFull >= FULL_COLLECTION_EVERY_MS) return collectFully();
  collect({ type: "minor" });
  if (idleCheckQueued) return;
  idleCheckQueued = true;
  // After the messages already delivered (the pool sends each thread up to two tasks ahead) have started.
  setImmediate(() => {
    idleCheckQueued = false;
    if (running === 0) collectFully();
  });
}

parentPort!.on("message", ({ id, task }: { id: number; task: HashTask }) => {
  running++;
  void runTask(task).then(
    ({ result, transfer }) => {
      parentPort!.postMessage({ id, result } satisfies TaskReply, transfer);
      afterTask();
    },
    (error: unknown) => {
      const reply: TaskReply = { id, error: (error as Error).message, inputError: error instanceof InputError };
      parentPort!.postMessage(reply);
      afterTask();
    },
  );
});

async function runTask(task: HashTask): Promise<{ result?: unknown; transfer: ArrayBuffer[] }> {
  if (task.kind === "subtree") {
    hashSubtree(engine, task.levels, task.assetCount, task.leaves, task.first, task.count, task.height);
  } else if (task.kind === "keys") {
    hashKeys(engine, task.columns, task.keys, task.first, task.end);
  } else if (task.kind === "leaves") {
    hashLeaves(engine, task.columns, task.keys, task.leafHashes, task.size, task.first, task.end);
  } else if (task.kind === "batch") {
    const scheme = hashSchemeNamed(task.scheme);
    hashBatchHere(scheme, scheme.engine(), task.columns, task.work, task.first, task.end);
  } else if (task.kind === "shards") {
    buildShards(hashSchemeNamed(task.work.scheme), task.work);
  } else if (task.kind === "bucket") {
    return { result: await bucketRange(task.task), transfer: [] };
  } else {
    // A share of a parallel CSV read, into its place in the joined columns (shared memory) when it fits;
    // buffers of its own move to the main thread rather than being copied. For a part, each batch is
    // salted and keyed here and only the part's accounts kept (store/build-part.ts).
    const { secret, partition } = task;
    const scheme = hashSchemeNamed(task.scheme);
    const schemeEngine = scheme.engine();
    let keys = new Uint8Array(0);
    let below = 0;
    let total = 0;
    const read = await readBalancesColumns(task.file, {
      randomSalt: () => secret,
      range: { start: task.start, end: task.end, header: task.header, ...(task.into ? { into: task.into } : {}) },
      ...(partition
        ? {
            filter: {
              batchRows: PART_BATCH_ROWS,
              expectedShare: Math.min(1, 1.2 / partition.parts),
              select: async (batch: AccountColumns, salted: boolean) => {
                if (keys.length < 32 * batch.count) keys = new Uint8Array(32 * batch.count);
                hashBatchHere(scheme, schemeEngine, batch, { secret: salted ? undefined : secret, keys });
                const { offset, chosen } = selectPart(keys, batch.count, partition);
                below += offset;
                total += batch.count;
                return chosen;
              },
            },
          }
        : {}),
    });
    const { columns, lines, totals } = read;
    // Whether every row went into the place (the reader grew none of its buffers out of it).
    const { into } = task;
    const placed =
      into !== undefined &&
      columns.ids.buffer === into.ids.buffer &&
      columns.idOffsets.buffer === into.idOffsets.buffer &&
      columns.salts.buffer === into.salts.buffer &&
      columns.balances.buffer === into.balances.buffer &&
      lines.buffer === into.lines.buffer;
    const arrays: (Uint8Array | Uint32Array)[] = [
      columns.ids,
      columns.idOffsets,
      columns.salts,
      columns.balances,
      lines,
    ];
    let prehashed: { keys: Uint8Array; leafHashes: Uint8Array } | undefined;
    if (!partition) {
      // Salts, keys and leaf hashes made here, while the data is at hand, rather than in passes over the whole.
      total = columns.count;
      // Into the place's buffers when the rows fit in it; the reader's own rows get buffers of their own.
      const fits = into !== undefined && total <= into.rows;
      prehashed = {
        keys: fits ? into.keys.subarray(0, 32 * total) : new Uint8Array(32 * total),
        leafHashes: fits ? into.leafHashes.subarray(0, 32 * total) : new Uint8Array(32 * total),
      };
      const derive = task.header.firstAsset !== 2 ? secret : undefined;
      const size = nodeSize(task.header.assets.length);
      hashBatchHere(scheme, schemeEngine, columns, { secret: derive, ...prehashed, size });
      arrays.push(prehashed.keys, prehashed.leafHashes);
    }
    // Shared buffers (a place's) are seen by the main thread as they are; the others move there.
    const transfer = arrays.map((array) => array.buffer).filter((buffer) => buffer instanceof ArrayBuffer);
    return { result: { columns, lines, totals, below, total, prehashed, placed }, transfer: [...new Set(transfer)] };
  }
  return { transfer: [] };
}
