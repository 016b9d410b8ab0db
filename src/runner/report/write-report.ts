import { isAbsolute, join, normalize, sep } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic-write.js';

/** A plot of a report: the SVG text, the file name it is written to (relative to the report folder), and its caption. */
export interface ReportPlot {
  readonly file: string;
  readonly svg: string;
  readonly caption: string;
}

/** What `writeReport` writes: a paper's claim beside what was measured, free sections, raw results and plots. */
export interface Report {
  readonly title: string;
  readonly claim: string;
  readonly measured: string;
  readonly verdict?: string;
  readonly sections?: readonly { readonly heading: string; readonly body: string }[];
  readonly results: unknown;
  readonly plots: readonly ReportPlot[];
}

/** JSON replacer that writes typed arrays as plain arrays (JSON.stringify would make them index-keyed objects). */
function plainArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Markdown table cells cannot hold newlines or bare pipes. */
function cell(text: string): string {
  return text.trim().replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function checkPlotFile(file: string): void {
  const norm = normalize(file);
  if (!file.endsWith('.svg') || isAbsolute(file) || norm.startsWith(`..${sep}`) || norm === '..') {
    throw new InvalidArgumentError(`writeReport: plot file ${JSON.stringify(file)} must be a relative path ending in .svg inside the report folder`);
  }
}

/** The markdown of a report (exposed for tests and for callers that embed it elsewhere). */
export function renderReportMarkdown(r: Report): string {
  const lines = [`# ${r.title}`, '', "| Paper's claim | What we measured |", '|---|---|', `| ${cell(r.claim)} | ${cell(r.measured)} |`, ''];
  if (r.verdict !== undefined) lines.push(`**Verdict:** ${r.verdict}`, '');
  for (const s of r.sections ?? []) lines.push(`## ${s.heading}`, '', s.body.trim(), '');
  if (r.plots.length > 0) {
    lines.push('## Plots', '');
    for (const p of r.plots) lines.push(`![${p.caption}](${p.file.split(sep).join('/')})`, '', `*${p.caption}*`, '');
  }
  lines.push('Raw numbers: [results.json](results.json)', '');
  return lines.join('\n');
}

/** Writes `report.md`, `results.json` and each plot's SVG into `dir` (created if missing), every file atomically. */
export async function writeReport(dir: string, r: Report): Promise<void> {
  const files = new Set<string>();
  for (const p of r.plots) {
    checkPlotFile(p.file);
    if (files.has(normalize(p.file))) throw new InvalidArgumentError(`writeReport: plot file ${JSON.stringify(p.file)} appears twice`);
    files.add(normalize(p.file));
  }
  for (const p of r.plots) await writeFileAtomic(join(dir, p.file), p.svg);
  await writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(r.results, plainArrays, 2)}\n`);
  // The markdown goes last, so a report.md on disk always has its plots and results beside it.
  await writeFileAtomic(join(dir, 'report.md'), renderReportMarkdown(r));
}
