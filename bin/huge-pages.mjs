// Transparent huge pages for the memory-heavy commands (build, join). A build touches hundreds of megabytes
// of fresh memory; on machines whose kernel gives huge pages only on request (THP "madvise", the default
// of many distributions) every 4 KB page then costs a fault, and on some virtual machines a fault costs
// far more than the bytes it maps (measured here: 3.6 ms a megabyte, against 0.1 ms with huge pages).
// glibc asks for huge pages for its large allocations, where the array buffers live, when told to by the
// GLIBC_TUNABLES environment variable, read once at start: so the command restarts itself, in the same
// process (execve: same pid, signals and exit code), with it set. Nothing changes where glibc, the
// kernel or Node (process.execve: 22.15 and later) does not offer this.

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
 * Restarts this process with huge pages asked for, when it can and has not yet; returns otherwise.
 * Must run before any thread starts (execve refuses then).
 */
export function restartWithHugePages() {
  if (process.platform !== "linux" || typeof process.execve !== "function") return;
  const tunables = withHugePages(process.env.GLIBC_TUNABLES);
  if (tunables === undefined) return;
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  process.execve(process.execPath, argv, { ...process.env, GLIBC_TUNABLES: tunables });
}
