/**
 * The whole build (in memory), `solvent build` of CSVs below BOUNDED_FROM_BYTES: every account held at
 * once. Read on every thread (store/parse-parallel.ts, whose threads run the batch step as they parse),
 * or on this one and then the batch step here; then the one store builder (store/build-store.ts) writes
 * the whole tree's store, and summary.json goes beside it.
 */
import { mkdir } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { hashBatch } from "./batch.js";
import { keepDrawnSecret, readHere, type BuildContext } from "./build-context.js";
import { buildTreeStore, type Prehashed } from "./build-store.js";
import { checkFreeSpace, storeBytesPerAccount } from "./disk-space.js";
import { readBalancesParallel } from "./parse-parallel.js";
import { treeSummary, writeTreeFolder, type TreeSummary } from "./tree-folder.js";

export async function buildWhole(context: BuildContext): Promise<TreeSummary> {
  const { pool, scheme, saltKey } = context;
  // The reader's line numbers are only for error messages (after a read on threads they are kept for
  // the repeated-id check, 4 bytes an account).
  const loaded = pool
    ? await readBalancesParallel(context.csv, pool, {
        ...{ secret: saltKey, scheme, onProgress: context.onRows, fallback: () => readHere(context) },
        deferIdCheck: true,
      })
    : await readHere(context);
  const { assets, columns, sha256, bytes, hasSaltColumn } = loaded;
  // A read on threads hashed the keys and leaves as it went, and left the repeated-id check to the builder.
  const fromThreads: { prehashed?: Prehashed; checkIds?: () => void } = pool
    ? (loaded as Awaited<ReturnType<typeof readBalancesParallel>>)
    : {};
  const perAccount = storeBytesPerAccount(assets.length, columns.ids.length / Math.max(1, columns.count));
  await mkdir(dirname(resolve(context.out)), { recursive: true });
  await checkFreeSpace(dirname(resolve(context.out)), columns.count * perAccount, "this build");
  const input = { file: basename(context.csv), sha256, bytes };
  // The threads of a read on threads derived the salts as they parsed.
  if (!hasSaltColumn && !("saltsDerived" in loaded && loaded.saltsDerived)) {
    context.onStage("salts", 0, columns.count);
    await hashBatch(scheme, columns, { secret: saltKey }, pool);
    context.onStage("salts", columns.count, columns.count);
  }
  context.onStage("hash", 0, columns.count);
  return writeTreeFolder(
    context.out,
    async (folder) => {
      const built = await buildTreeStore(assets, columns, folder, {
        ...{ scheme, ...(pool ? { pool } : {}), onProgress: context.onStage },
        // Handed over: the builder drops the keys from it once sorted.
        ...(fromThreads.prehashed ? { prehashed: fromThreads.prehashed } : {}),
        ...(fromThreads.checkIds ? { checkIds: fromThreads.checkIds, idsUniqueByKey: !hasSaltColumn } : {}),
      });
      await keepDrawnSecret(context, folder, hasSaltColumn);
      // Timed from reading the CSV to the last file of the store.
      const { asOf, started, now } = context;
      return treeSummary({ assets, ...built }, { asOf, input, started, now });
    },
    { force: context.force },
  );
}
