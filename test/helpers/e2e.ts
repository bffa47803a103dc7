import { join } from "node:path";
import { scratchFolder } from "./files.js";
import { startHardhatNode } from "./processes.js";

/**
 * Registers mocha hooks that start a real `npx hardhat node` on a free port before the suite and stop it
 * after; the returned object is filled in by then: the node's URL, a scratch folder, and the environment
 * that points the commands at both.
 */
export function useHardhatNode(prefix: string, options: { chainId?: number } = {}) {
  const session = { url: "", work: "", env: {} as NodeJS.ProcessEnv };
  let node: Awaited<ReturnType<typeof startHardhatNode>> | undefined;
  before(async function () {
    node = await startHardhatNode(options);
    session.url = node.url;
    session.work = await scratchFolder(prefix);
    session.env = { SOLVENT_LOCALHOST_URL: node.url, SOLVENT_DEPLOYMENTS_DIR: join(session.work, "deployments") };
  });
  after(async function () {
    await node?.stop();
  });
  return session;
}
