import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { checkFreeSpace, storeBytesPerAccount } from "../store/disk-space.js";
import { joinParts } from "../store/join-parts.js";
import { readPartManifest } from "../store/part-folder.js";
import { treeSummary, writeTreeFolder, type TreeSummary } from "../store/tree-folder.js";

export interface JoinOptions {
  parts: string[];
  out: string;
  force?: boolean;
  /** The clock, in milliseconds (tests fix it to compare whole folders). */
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
}

/** `solvent join`: the part folders of a partitioned build into the tree folder a single build writes. */
export async function joinPartFolders(options: JoinOptions): Promise<TreeSummary> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const manifests = await Promise.all(options.parts.map((folder) => readPartManifest(folder)));
  const { leafCount, assets } = manifests[0] ?? { leafCount: 0, assets: [] };
  await mkdir(dirname(resolve(options.out)), { recursive: true });
  // Ids are not in part.json: a generous 32 bytes each.
  await checkFreeSpace(dirname(resolve(options.out)), leafCount * storeBytesPerAccount(assets.length, 32), "this join");
  return writeTreeFolder(
    options.out,
    async (folder) => {
      const joined = await joinParts(manifests, folder, options.onProgress);
      const { assets, asOf, input } = manifests[0]!;
      // The join's own time: the parts ran elsewhere, perhaps at once.
      return treeSummary({ assets, ...joined }, { asOf, input, started, now });
    },
    { force: options.force ?? false },
  );
}
