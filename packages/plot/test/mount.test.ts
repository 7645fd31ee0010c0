import { describe, expect, it } from 'vitest';
import { PlotError, mountPlot, plot } from '../src/index.js';

describe('mountPlot outside a browser', () => {
  it('says to use writePlotHtml instead', async () => {
    const err = await mountPlot('#plot', plot([0, 1], [0, 1])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlotError);
    expect((err as PlotError).code).toBe('BAD_INPUT');
    expect((err as PlotError).message).toMatch(/writePlotHtml/);
  });

  it('rejects a missing element', async () => {
    const err = await mountPlot(null as unknown as HTMLElement, plot([0, 1], [0, 1])).catch((e: unknown) => e);
    expect((err as PlotError).code).toBe('BAD_INPUT');
  });
});
