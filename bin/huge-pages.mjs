// Transparent huge pages for the memory-heavy commands (build, join). A build touches hundreds of megabytes
// of fresh memory; on machines whose kernel gives huge pages only on request (THP "madvise", the default
// of many distributions) every 4 KB page then costs a fault, and on some virtual machines a fault costs
// far more than the bytes it maps (docs/scale.md, "Huge pages", has the figures).
// glibc asks for huge pages for its large allocations, where the array buffers live, when told to by the
// GLIBC_TUNABLES environment variable, read once at start: so the command starts itself again in the
// same process (execve: same pid, signals and exit code) with it set. It does not where Node cannot
// (before 22.15, or not on Linux), where the user set a hugetlb tunable, under a debugger, or when started
// with an IPC channel (which would not survive); and when the restart fails, it goes on without. Where
// glibc or the kernel ignores the tunable (musl, an old glibc, THP off), the restart only costs the
// few tens of milliseconds of a second start (whose NODE_OPTIONS hooks, if any, run again).

/** The tunable that asks glibc for transparent huge pages. */
const HUGE_PAGES = "glibc.malloc.hugetlb=1";

/**
 * GLIBC_TUNABLES with huge pages asked for, keeping any tunables already set, or undefined when the
 * environment already says what it wants (any glibc.malloc.hugetlb setting is the user's to keep).
 * @param {string | undefined} tunables the current value of GLIBC_TUNABLES
 * @returns {string | undefined}
 */
export function withHugePages(tunables) {
  if (tunables !== undefined && /(^|:)glibc\.malloc\.hugetlb=/.test(tunables)) return undefined;
  return tunables ? `${tunables}:${HUGE_PAGES}` : HUGE_PAGES;
}

/**
 * The GLIBC_TUNABLES a restart of this process would set: undefined where it would not restart (not Linux,
 * a Node without process.execve, a hugetlb tunable already set).
 * @returns {string | undefined}
 */
export function restartTunables() {
  if (process.platform !== "linux" || typeof process.execve !== "function") return undefined;
  return withHugePages(process.env.GLIBC_TUNABLES);
}

/**
 * Starts this process again with huge pages asked for, when it can and has not yet; returns otherwise.
 * Call it before any work starts: nothing done before survives.
 */
export function restartWithHugePages() {
  if (process.channel !== undefined || process.execArgv.some((flag) => flag.startsWith("--inspect"))) return;
  const tunables = restartTunables();
  if (tunables === undefined) return;
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  try {
    process.execve(process.execPath, argv, { ...process.env, GLIBC_TUNABLES: tunables });
  } catch {
    // Refused (a permission model, a replaced binary): the command runs as it is, only slower.
  }
}
