// What Linux says about another process, read from /proc without touching
// it: CPU time, resident size, and per-thread context switches. Reading
// /proc/<pid>/… does not wake the process, so an idle process stays idle
// while it is measured (a process asked over IPC would wake up to answer).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadSwitches {
  tid: number;
  /** The thread's name (comm), e.g. `node`, `V8Worker`, `libuv-worker`. */
  name: string;
  /** Times the thread gave up the CPU to wait (a sleep it was later woken from). */
  voluntary: number;
  /** Times the scheduler took the CPU away while it was runnable. */
  nonvoluntary: number;
}

export interface ProcessStats {
  pid: number;
  /** user + system CPU time, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
  threads: ThreadSwitches[];
}

let clockTicks: number | null = null;

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat (100 on every Linux we ship to). */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statusField(text: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text);
  if (!match) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]);
}

export function readProcessStats(pid: number): ProcessStats {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    throw new Error(`cannot read /proc/${pid}/stat (this bench needs Linux /proc): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const threads: ThreadSwitches[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const t = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      threads.push({
        tid: Number(tid),
        name: /^Name:\s+(.*)$/m.exec(t)?.[1] ?? '?',
        voluntary: statusField(t, 'voluntary_ctxt_switches'),
        nonvoluntary: statusField(t, 'nonvoluntary_ctxt_switches'),
      });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return { pid, cpuSeconds: (utime + stime) / ticksPerSecond(), rssBytes: statusField(status, 'VmRSS') * 1024, threads };
}

export interface IdleWindow {
  seconds: number;
  cpuSeconds: number;
  /** Share of one core, in percent. */
  cpuPercent: number;
  /** Voluntary context switches of every thread, per minute: each one is a sleep the thread was woken from. */
  wakeupsPerMinute: number;
  /** The same per thread (`main` for the event loop's, others by name, same names summed), per minute. */
  wakeupsByThread: Record<string, number>;
  rssEndBytes: number;
}

/** What happened between two readings of the same process, `seconds` apart. */
export function idleWindow(before: ProcessStats, after: ProcessStats, seconds: number): IdleWindow {
  const earlier = new Map(before.threads.map((t) => [t.tid, t]));
  const byThread: Record<string, number> = {};
  let wakeups = 0;
  for (const t of after.threads) {
    // A thread born inside the window counts from zero.
    const delta = t.voluntary - (earlier.get(t.tid)?.voluntary ?? 0);
    wakeups += delta;
    const name = t.tid === after.pid ? 'main' : t.name;
    byThread[name] = (byThread[name] ?? 0) + delta;
  }
  const perMinute = (n: number) => (n * 60) / seconds;
  const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
  return {
    seconds,
    cpuSeconds,
    cpuPercent: (cpuSeconds / seconds) * 100,
    wakeupsPerMinute: perMinute(wakeups),
    wakeupsByThread: Object.fromEntries(Object.entries(byThread).map(([k, v]) => [k, perMinute(v)])),
    rssEndBytes: after.rssBytes,
  };
}
