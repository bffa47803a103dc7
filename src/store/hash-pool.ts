import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, InvariantError } from "../errors.js";
import type { TaskRunner, TreeTask } from "../tree/tasks.js";
import type { ShardWork } from "./shard-work.js";
import type { BalancesHeader, RowPlace } from "../io/balances-columns.js";
import type { BucketRangeTask } from "./bucket-rows.js";
import type { Partition } from "../tree/partition.js";
import type { HashSchemeName } from "../tree/hash-scheme.js";
import type { BatchTask } from "./batch.js";

/**
 * Work a hashing thread can do: the tree builders' tasks, the batch step (store/batch.ts), building a run
 * of the store's shards, reading a range of a CSV (into columns, or into key buckets).
 */
export type HashTask =
  | TreeTask
  | BatchTask
  | { kind: "shards"; work: ShardWork }
  | {
      kind: "parse";
      file: string;
      start: number;
      end: number;
      header: BalancesHeader;
      secret: Uint8Array;
      scheme: HashSchemeName;
      partition?: Partition;
      /** Where the rows, and their keys and leaf hashes, go while they fit (store/parse-parallel.ts). */
      into?: ParsePlace;
    }
  | { kind: "bucket"; task: BucketRangeTask };

export interface TaskReply {
  id: number;
  error?: string;
  inputError?: boolean;
  /** What the task returns, if anything (a parse: the rows it read). */
  result?: unknown;
}

/** A parse's place: its rows' columns, and 32 (rows + 1) bytes each for their keys and leaf hashes. */
export type ParsePlace = RowPlace & { keys: Uint8Array; leafHashes: Uint8Array };

const QUEUED_PER_WORKER = 2;

/**
 * Worker threads that hash, one per core by default. Start once and reuse: a thread takes tens of
 * milliseconds to start (it loads its modules; in a checkout, the TypeScript sources). Close it when done.
 */
export class HashPool implements TaskRunner {
  /** Tasks sent to each live worker and not yet answered: up to QUEUED_PER_WORKER. */
  private readonly sent: Map<Worker, number>;
  private readonly queue: { task: HashTask; settle: (reply: TaskReply) => void }[] = [];
  /** Each task sent and not yet answered: its worker, and how to settle it. */
  private readonly pending = new Map<number, { worker: Worker; settle: (reply: TaskReply) => void }>();
  private nextId = 0;
  private closing = false;

  private constructor(private readonly workers: Worker[]) {
    this.sent = new Map(workers.map((worker) => [worker, 0]));
    for (const worker of workers) {
      worker.on("message", (reply: TaskReply) => {
        const task = this.pending.get(reply.id);
        if (task === undefined || !this.sent.has(worker)) return; // a worker already given up on
        this.pending.delete(reply.id);
        this.sent.set(worker, this.sent.get(worker)! - 1);
        task.settle(reply);
        this.dispatch();
      });
      // A thread that fails or exits gets no more tasks, and its tasks not yet answered fail; the other
      // threads finish theirs (their callers wait for them before removing what they write).
      const lost = (why: string) => {
        if (!this.sent.delete(worker)) return;
        for (const [id, task] of this.pending) {
          if (task.worker !== worker) continue;
          this.pending.delete(id);
          task.settle({ id, error: `a hashing thread failed: ${why}` });
        }
        this.dispatch();
      };
      worker.on("error", (error) => lost(error.message));
      worker.on("exit", (code) => {
        if (!this.closing) lost(`it exited (code ${code})`);
      });
    }
  }

  static start(threads = availableParallelism()): HashPool {
    const entry = new URL("./hash-worker-entry.mjs", import.meta.url);
    return new HashPool(Array.from({ length: Math.max(1, threads) }, () => new Worker(entry)));
  }

  get size(): number {
    return this.workers.length;
  }

  run(task: HashTask): Promise<void> {
    return this.call(task).then(() => undefined);
  }

  /** Runs one task on a free thread and resolves with what it returns. */
  call(task: HashTask): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        task,
        settle: (reply) => {
          if (reply.error === undefined) resolve(reply.result);
          else reject(reply.inputError ? new InputError(reply.error) : new InvariantError(reply.error));
        },
      });
      this.dispatch();
    });
  }

  /**
   * Splits accounts [0, count) into one contiguous slice per thread and runs `task` on each (empty slices
   * are skipped); resolves when every slice is done.
   */
  async runSlices(count: number, task: (first: number, end: number) => Promise<void>): Promise<void> {
    const bounds = Array.from({ length: this.size + 1 }, (_, t) => Math.floor((count * t) / this.size));
    const slices = bounds.slice(0, -1).map((first, t) => [first, bounds[t + 1]!] as const);
    await Promise.all(slices.filter(([first, end]) => first < end).map(([first, end]) => task(first, end)));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    if (this.sent.size === 0) {
      for (const { settle } of this.queue.splice(0)) settle({ id: -1, error: "no hashing thread is left" });
    }
    while (this.queue.length > 0) {
      // The least busy worker, if it has room: a second task waits in its queue, so it goes on at once
      // when the first ends, even while this thread is busy (writing the index) and answers late.
      let worker: Worker | undefined;
      for (const [w, n] of this.sent) if (n < QUEUED_PER_WORKER && (!worker || n < this.sent.get(worker)!)) worker = w;
      if (worker === undefined) return;
      this.sent.set(worker, this.sent.get(worker)! + 1);
      const { task, settle } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { worker, settle });
      worker.postMessage({ id, task });
    }
  }
}
