/**
 * The layers of src/, lowest first; a module may import its own layer and the layers below it, never above
 * (docs/architecture.md explains each). `npm run lint` runs this on src/, tasks/ and scripts/, so the shape
 * cannot quietly decay.
 *
 *   errors ← spec ← tree ← io ← store ← chain ← ops ← command ← cli
 *
 * index.ts (the public API) sits on top and may import any layer. src/web (the verifier page, bundled for
 * browsers) sits beside command and cli: it builds on ops, imports neither, and imports nothing of Node.
 * The Hardhat tasks (tasks/) are the other face of command: they build on src/ like cli, never on cli or web.
 */
const LAYERS = ["spec", "tree", "io", "store", "chain", "ops", "command", "cli"];

const above = (layer) => LAYERS.slice(LAYERS.indexOf(layer) + 1);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Import circles make modules impossible to read, test or load on their own.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...LAYERS.filter((layer) => above(layer).length > 0).map((layer) => ({
      name: `${layer}-imports-only-lower-layers`,
      comment: `src/${layer} may import ${LAYERS.slice(0, LAYERS.indexOf(layer)).concat("errors").join(", ")} and itself, nothing above it.`,
      severity: "error",
      from: { path: `^src/${layer}/` },
      to: { path: [`^src/(${above(layer).join("|")})/`, "^src/index\\.ts$"] },
    })),
    {
      name: "web-is-beside-cli",
      comment: "The verifier page and the CLI are two faces of ops; neither builds on the other.",
      severity: "error",
      from: { path: "^src/(web|cli)/" },
      to: { path: ["^src/(web|cli)/", "^src/index\\.ts$"], pathNot: "^src/$1/" },
    },
    {
      name: "web-is-not-a-command",
      comment: "The page has no options, exit codes or stdout: src/command is for the CLI and the tasks.",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/command/" },
    },
    {
      name: "tasks-are-beside-cli",
      comment:
        "The Hardhat tasks parse and print like the CLI, on ops, chain and command; they never import the CLI or the page (what both need lives in src/command or below).",
      severity: "error",
      from: { path: "^tasks/" },
      to: { path: ["^src/(cli|web)/", "^src/index\\.ts$"] },
    },
    {
      name: "scripts-do-not-import-commands",
      comment: "Scripts (demo, builds, measurements) use the library and ops, not a command's parsing or printing.",
      severity: "error",
      from: { path: "^scripts/" },
      to: { path: ["^src/(cli|command)/", "^tasks/"] },
    },
    {
      name: "lower-layers-do-not-import-web",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/web/" },
      to: { path: "^src/web/" },
    },
    {
      name: "web-runs-in-a-browser",
      comment: "The verifier page runs in a browser: no Node built-ins, and no store (the file system).",
      severity: "error",
      from: { path: "^src/web/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "web-reads-no-files",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/store/" },
    },
    {
      name: "errors-is-the-bottom",
      severity: "error",
      from: { path: "^src/errors\\.ts$" },
      to: { path: "^src/", pathNot: "^src/errors\\.ts$" },
    },
    {
      name: "library-is-not-hardhat",
      comment:
        "The library runs without Hardhat (customers install it without the toolchain): tasks and scripts may use Hardhat, src/ may not.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "(^|node_modules/)(hardhat|@nomicfoundation)(/|$)" },
    },
    {
      name: "library-does-not-import-tooling",
      comment: "src/ is the library; tests, scripts, tasks and benchmarks build on it, not the other way round.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|scripts|tasks|bench)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/chain/abis\\.ts$" },
  },
};
