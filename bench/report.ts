// The verdicts against issue 8's targets, the printed table and the JSON file. Per workload the figures
// are medians over the repetitions (req/s, p50, p99), each repetition kept in the JSON.
import fs from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load';
import { TARGETS, type Backend } from './options';

export const RESULTS_DIR = path.resolve(__dirname, 'results');

export interface Side {
  reps: LoadResult[];
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerReq: number;
}

export type Verdict = 'met' | 'missed' | 'n/a';

export interface WorkloadReport {
  name: string;
  title: string;
  connections: number;
  service: Side | null;
  bare: Side;
  ratio: number | null;
  p99Factor: number | null;
  verdict: Verdict;
  why: string;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

export function side(reps: LoadResult[], cpuMs: number[]): Side {
  const ok = reps.reduce((a, r) => a + r.ok + r.bad, 0);
  return {
    reps, rps: median(reps.map((r) => r.rps)), p50: median(reps.map((r) => r.p50)), p99: median(reps.map((r) => r.p99)),
    cpuMsPerReq: ok && cpuMs.length ? cpuMs.reduce((a, b) => a + b, 0) / ok : NaN,
  };
}

/** Server: ratio ≥ 0.6 and p99 ≤ 2× bare. Embedded: ≥ 0.5× the server's req/s from the latest server file. */
export function judge(backend: Backend, target: boolean, s: Side | null, b: Side, server: number | null, skipped: string | null) {
  const ratio = s ? s.rps / b.rps : null;
  const p99Factor = s ? s.p99 / b.p99 : null;
  if (!target) return { ratio, p99Factor, verdict: 'n/a' as Verdict, why: 'the floor of the stack, no target' };
  if (!s) return { ratio, p99Factor, verdict: 'missed' as Verdict, why: skipped ?? 'not measured' };
  if (backend === 'embedded') {
    if (server === null) return { ratio, p99Factor, verdict: 'n/a' as Verdict, why: 'no server result of this size in bench/results to compare with' };
    const f = s.rps / server;
    return { ratio, p99Factor, verdict: (f >= TARGETS.embeddedVsServer ? 'met' : 'missed') as Verdict, why: `${f.toFixed(2)}× the server's ${fmt(server)} req/s, target ≥ ${TARGETS.embeddedVsServer}×` };
  }
  const miss: string[] = [];
  if (!(ratio! >= TARGETS.ratio)) miss.push(`ratio ${ratio!.toFixed(2)} < ${TARGETS.ratio}`);
  if (!(p99Factor! <= TARGETS.p99Factor)) miss.push(`p99 ${p99Factor!.toFixed(1)}× bare > ${TARGETS.p99Factor}×`);
  return { ratio, p99Factor, verdict: (miss.length ? 'missed' : 'met') as Verdict, why: miss.join('; ') || `ratio ≥ ${TARGETS.ratio}, p99 ≤ ${TARGETS.p99Factor}× bare` };
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const ms = (n: number) => fmt(n, n < 10 ? 2 : n < 100 ? 1 : 0);
const VERDICT = { met: 'MET', missed: 'MISSED', 'n/a': '—' } as const;

export function printTable(rows: WorkloadReport[]): void {
  const head = ['workload', 'c', 'service req/s', 'bare req/s', 'ratio', 'p50 ms svc / bare', 'p99 ms svc / bare', 'CPU ms/req svc / bare', 'target'];
  const body = rows.map((r) => [
    r.title, String(r.connections), fmt(r.service?.rps, 1), fmt(r.bare.rps, 1), fmt(r.ratio, 2),
    `${ms(r.service?.p50 ?? NaN)} / ${ms(r.bare.p50)}`, `${ms(r.service?.p99 ?? NaN)} / ${ms(r.bare.p99)}`,
    `${ms(r.service?.cpuMsPerReq ?? NaN)} / ${ms(r.bare.cpuMsPerReq)}`, `${VERDICT[r.verdict]} ${r.verdict === 'n/a' ? '' : `(${r.why})`}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

/** The latest server result with this many zones, for the embedded target. */
export function latestServerRps(zones: number): { file: string; rps: Map<string, number> } | null {
  if (!fs.existsSync(RESULTS_DIR)) return null;
  const files = fs.readdirSync(RESULTS_DIR).filter((f) => f.startsWith(`server-${zones}-`) && f.endsWith('.json')).sort();
  const file = files[files.length - 1];
  if (!file) return null;
  const data = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as { workloads: WorkloadReport[] };
  return { file, rps: new Map(data.workloads.filter((w) => w.service).map((w) => [w.name, w.service!.rps])) };
}

export function writeJson(backend: Backend, zones: number, report: object): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${backend}-${zones}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
