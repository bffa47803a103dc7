// This process's peak resident memory in MB. On Linux, VmHWM of /proc/self/status: getrusage's maxRSS
// (process.resourceUsage) also counts the parent's memory at the fork that started this process, so a
// child of a large bench process would report the bench's size rather than its own.
import { readFileSync } from "node:fs";

export function peakRssMb() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Math.round(Number(match[1]) / 1024);
  } catch {
    // not Linux: below
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
