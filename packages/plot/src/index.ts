export { decimateMinMax } from './decimate.js';
export { PlotError } from './errors.js';
export { renderPlotHtml } from './html.js';
export { mountPlot } from './mount.js';
export { DEFAULT_COLORS, DEFAULT_TOOLS, displayTraces, isPlotSpec, plot, plotTraces } from './spec.js';
export { decodePlotSpec, encodePlotSpec } from './wire.js';

export type { Decimated, DecimateOptions } from './decimate.js';
export type { BokehLike } from './draw.js';
export type { PlotErrorCode } from './errors.js';
export type { RenderHtmlOptions } from './html.js';
export type { MountedPlot, MountOptions, UpdateOptions } from './mount.js';
export type {
  DisplayTrace,
  FigureOptions,
  LegendLocation,
  LineDash,
  PlotInput,
  PlotSpec,
  PlotTool,
  Recording,
  Series,
  SeriesSet,
  SharedXInput,
  TraceInput,
  TracesInput,
  TraceSpec,
} from './spec.js';
export type { WireSpec, WireTrace } from './wire.js';
