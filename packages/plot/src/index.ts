export { decimateMinMax } from './decimate.js';
export { PlotError } from './errors.js';
export { renderPlotHtml } from './html.js';
export { mountPlot } from './mount.js';
export { SHAPE_PALETTE, isShapeSpec, shapePlot, shapeSections } from './shape.js';
export { DEFAULT_COLORS, DEFAULT_TOOLS, displayTraces, isPlotSpec, plot, plotTraces } from './spec.js';
export { decodeFigure, encodeFigure } from './wire.js';

export type { Decimated, DecimateOptions } from './decimate.js';
export type {
  BokehColorMapper,
  BokehFigure,
  BokehLike,
  BokehModel,
  BokehPlotView,
  BokehRange,
  BokehRenderer,
  BokehSignal,
  BokehSource,
} from './draw.js';
export type { PlotErrorCode } from './errors.js';
export type { RenderHtmlOptions } from './html.js';
export type { MountedPlot, MountOptions, UpdateOptions } from './mount.js';
export type { SectionLike, SegmentLike, ShapeOptions, ShapePoint, ShapeSection, ShapeSpec } from './shape.js';
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
export type { FigureSpec, WireFigure } from './wire.js';
