export { writeReport, renderReportMarkdown, type Report, type ReportPlot } from './write-report.js';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
export { barChart, type BarChartOptions } from './bar-chart.js';
export { summarize, aggregateCurves, type Summary, type CurveBand } from './stats.js';
export { runTasks, loadTask, checkWorkers, MAX_WORKERS, type NotebookTasks } from './notebook-tasks.js';
export { encodeTaskData, decodeTaskData } from './task-codec.js';
export { closeTaskPools } from './task-pool.js';
export { runNotebookMain, runReproduce, addReproduceFlags, defaultReportDir, type ReproduceOptions, type Reproduce, type ReproduceFlags } from './notebook.js';
export { iqm, median, mean, stratifiedBootstrapInterval, type BootstrapOptions } from './robust-stats.js';
