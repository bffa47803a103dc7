import { InputError } from "../errors.js";
import { checkTreeStore, type StoreCheck } from "../store/check-store.js";
import { readTreeSummary, TREE_FORMAT, type TreeSummary } from "../store/tree-folder.js";

/** `solvent check <dir>`: every proof of a built (or joined) tree folder re-verified against its summary. */
export async function checkTreeFolder(
  folder: string,
  onProgress?: (done: number, total: number) => void,
): Promise<StoreCheck & { summary: TreeSummary }> {
  const summary = await readTreeSummary(folder);
  if (summary.format !== TREE_FORMAT)
    throw new InputError(
      `${folder} is a ${summary.format} folder (one proof file per account); check reads ${TREE_FORMAT} stores: build it again with this version`,
    );
  return { ...(await checkTreeStore(folder, summary, onProgress)), summary };
}
