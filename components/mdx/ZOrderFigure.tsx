import { cellOf, figureGeometry, morton, normalizeBox } from '@/lib/figures/zorder';
import { ZOrderExplorer } from './ZOrderExplorer';
import './zorder-figure.css';

export interface ZOrderFigureProps {
  /** Caption under the figure. */
  caption: string;
  /** Bits per attribute: 3 draws the article's 8 x 8 grid, 4 a 16 x 16 one. */
  bits?: number;
  /** The starting box, corners included. */
  x0?: number;
  y0?: number;
  x1?: number;
  y1?: number;
  /** The starting page Limit. */
  limit?: number;
}

/**
 * An interactive Z-order grid. The server renders the grid, the cell addresses and the curve that
 * joins them, and the starting box with what the range scan and QueryBox read for it (the island
 * renders on the server too, so the figure reads fully without JavaScript); the client island lets the reader drag and resize the
 * box and change the page Limit. The logic is lib/figures/zorder.ts.
 */
export function ZOrderFigure({ caption, bits = 3, x0 = 2, y0 = 2, x1 = 5, y1 = 5, limit = 4 }: ZOrderFigureProps) {
  const b = Math.min(4, Math.max(2, Math.round(bits)));
  const side = 2 ** b;
  const g = figureGeometry(b);
  const box = normalizeBox({ x0, y0, x1, y1 }, b);
  const centre = (z: number): string => {
    const { x, y } = cellOf(z, b);
    return `${g.left + x * g.cell + g.cell / 2},${g.top + y * g.cell + g.cell / 2}`;
  };
  const curve = Array.from({ length: side * side }, (_, z) => centre(z)).join(' ');
  const labels = [];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      labels.push(
        <text key={`${x},${y}`} x={g.left + x * g.cell + g.cell / 2} y={g.top + y * g.cell + g.cell / 2 + 4} textAnchor="middle" className={b > 3 ? 'dg-small zf-label' : 'zf-label'}>
          {morton(x, y, b)}
        </text>,
      );
    }
  }
  const staticLayer = (
    <g aria-hidden="true">
      <polyline points={curve} className="zf-curve" />
      {labels}
      <text x={g.left + (side * g.cell) / 2} y={14} textAnchor="middle" className="dg-small dg-muted">
        x ({b} bits)
      </text>
      <text x={12} y={g.top + (side * g.cell) / 2} textAnchor="middle" className="dg-small dg-muted" transform={`rotate(-90 12 ${g.top + (side * g.cell) / 2})`}>
        y ({b} bits)
      </text>
      {Array.from({ length: side }, (_, i) => (
        <g key={i}>
          <text x={g.left + i * g.cell + g.cell / 2} y={g.top - 6} textAnchor="middle" className="dg-small dg-muted">
            {i}
          </text>
          <text x={g.left - 6} y={g.top + i * g.cell + g.cell / 2 + 4} textAnchor="end" className="dg-small dg-muted">
            {i}
          </text>
        </g>
      ))}
    </g>
  );
  const startLimit = Math.max(1, Math.round(limit));
  return (
    <figure className="figure zorder-figure">
      <ZOrderExplorer bits={b} initialBox={box} initialLimit={startLimit}>
        {staticLayer}
      </ZOrderExplorer>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
