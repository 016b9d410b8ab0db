export { writeReport, renderReportMarkdown, type Report, type ReportPlot } from './write-report.js';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
export { barChart, type BarChartOptions } from './bar-chart.js';
export { summarize, aggregateCurves, type Summary, type CurveBand } from './stats.js';
export { runSeeds } from './run-seeds.js';
export { runTasks, loadTask, type NotebookTasks } from './notebook-tasks.js';
export { runNotebookMain, defaultReportDir, type ReproduceOptions, type Reproduce } from './notebook.js';
export { iqm, median, mean, stratifiedBootstrapInterval, type BootstrapOptions } from './robust-stats.js';
