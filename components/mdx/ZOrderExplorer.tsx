'use client';

import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { NO_LIMIT, cellOf, describe, explain, figureGeometry, formatRuns, moveBox, normalizeBox, resizeBox, type GridBox } from '@/lib/figures/zorder';

const LIMITS = [1, 2, 4, 8, 16, NO_LIMIT];

type Drag = { mode: 'move' | 'resize'; from: { x: number; y: number }; box: GridBox; pointer: number };

/**
 * The Z-order figure's client island: the cell colours, the draggable box and the numbers. The
 * grid's labels and curve come from the server as children, drawn between the colours and the box.
 * Pointer: drag the box to move it, its corner handle to resize it. Keyboard: focus the box; the
 * arrow keys move it, Shift and the arrow keys resize it.
 */
export function ZOrderExplorer({ bits, initialBox, initialLimit, children }: { bits: number; initialBox: GridBox; initialLimit: number; children: ReactNode }) {
  const options = [...new Set([...LIMITS, initialLimit])].sort((a, b) => a - b);
  const [box, setBox] = useState(initialBox);
  const [limit, setLimit] = useState(initialLimit);
  const [drag, setDrag] = useState<Drag | null>(null);
  const ids = useId();
  const g = figureGeometry(bits);
  const side = 2 ** bits;
  const e = useMemo(() => explain(box, bits, limit), [box, bits, limit]);
  const summary = describe(box, bits, limit);

  const kind = useMemo(() => {
    const read = new Set(e.loop.requests.flatMap((r) => r.read));
    const hits = new Set(e.loop.hits);
    return (z: number): string => (z < e.lo || z > e.hi ? 'zf-out' : hits.has(z) ? 'dg-ok' : read.has(z) ? 'dg-warn' : 'zf-skipped');
  }, [e]);

  /** The grid cell under a pointer, clamped to the grid, from the SVG's own coordinate system. */
  const cellAt = (ev: PointerEvent<SVGElement>): { x: number; y: number } => {
    const target = ev.currentTarget;
    const el = target instanceof SVGSVGElement ? target : target.ownerSVGElement;
    const m = el?.getScreenCTM();
    if (!el || !m) return { x: box.x0, y: box.y0 };
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
    const clamp = (v: number): number => Math.min(side - 1, Math.max(0, Math.floor(v)));
    return { x: clamp((p.x - g.left) / g.cell), y: clamp((p.y - g.top) / g.cell) };
  };

  const begin = (mode: Drag['mode'], ev: PointerEvent<SVGElement>) => {
    ev.preventDefault();
    ev.stopPropagation();
    const target = ev.currentTarget;
    (target instanceof SVGSVGElement ? target : target.ownerSVGElement)?.setPointerCapture(ev.pointerId);
    setDrag({ mode, from: cellAt(ev), box, pointer: ev.pointerId });
  };
  const move = (ev: PointerEvent<SVGSVGElement>) => {
    if (!drag || ev.pointerId !== drag.pointer) return;
    const at = cellAt(ev);
    if (drag.mode === 'move') setBox(moveBox(drag.box, at.x - drag.from.x, at.y - drag.from.y, bits));
    else setBox(normalizeBox({ x0: drag.box.x0, y0: drag.box.y0, x1: Math.max(drag.box.x0, at.x), y1: Math.max(drag.box.y0, at.y) }, bits));
  };
  const end = (ev: PointerEvent<SVGSVGElement>) => {
    if (drag && ev.pointerId === drag.pointer) setDrag(null);
  };
  const key = (ev: KeyboardEvent<SVGElement>) => {
    const step: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const d = step[ev.key];
    if (!d) return;
    ev.preventDefault();
    setBox(ev.shiftKey ? resizeBox(box, d[0], d[1], bits) : moveBox(box, d[0], d[1], bits));
  };

  const bx = g.left + box.x0 * g.cell;
  const by = g.top + box.y0 * g.cell;
  const bw = (box.x1 - box.x0 + 1) * g.cell;
  const bh = (box.y1 - box.y0 + 1) * g.cell;
  const req = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;
  const cells = [];
  for (let z = 0; z < side * side; z++) {
    const { x, y } = cellOf(z, bits);
    cells.push(<rect key={z} x={g.left + x * g.cell} y={g.top + y * g.cell} width={g.cell} height={g.cell} className={kind(z)} />);
  }

  return (
    <div className="zf">
      <div className="zf-controls">
        <label>
          Page <code>Limit</code>{' '}
          <select value={limit} onChange={(ev) => setLimit(Number(ev.target.value))}>
            {options.map((l) => (
              <option key={l} value={l}>
                {l >= NO_LIMIT ? 'none (1 MB pages)' : l}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            setBox(initialBox);
            setLimit(initialLimit);
          }}
        >
          Reset
        </button>
      </div>
      <div className="diagram zf-diagram">
        <svg viewBox={`0 0 ${g.width} ${g.height}`} aria-labelledby={`${ids}-title`} onPointerMove={move} onPointerUp={end} onPointerCancel={end} className={drag ? 'zf-dragging' : undefined}>
          <title id={`${ids}-title`}>Z-order grid with a query box: drag the box to move it, drag its corner to resize it</title>
          <g aria-hidden="true">{cells}</g>
          {children}
          <rect
            x={bx}
            y={by}
            width={bw}
            height={bh}
            className="zf-box"
            tabIndex={0}
            role="group"
            aria-roledescription="query box"
            aria-label={`Query box, x ${box.x0} to ${box.x1}, y ${box.y0} to ${box.y1}. Arrow keys move it; Shift and arrow keys resize it.`}
            aria-describedby={`${ids}-summary`}
            onPointerDown={(ev) => begin('move', ev)}
            onKeyDown={key}
          />
          <rect x={bx + bw - 9} y={by + bh - 9} width={12} height={12} className="zf-handle" aria-hidden="true" onPointerDown={(ev) => begin('resize', ev)} />
        </svg>
      </div>
      <ul className="zf-legend" aria-hidden="true">
        <li>
          <span className="zf-swatch dg-ok" /> result
        </li>
        <li>
          <span className="zf-swatch dg-warn" /> read, outside the box
        </li>
        <li>
          <span className="zf-swatch zf-skipped" /> between the corners, never read by QueryBox
        </li>
      </ul>
      <table className="zf-numbers">
        <thead>
          <tr>
            <th scope="col">Loop</th>
            <th scope="col">Items read</th>
            <th scope="col">Requests</th>
            <th scope="col">Results</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Range scan of z {e.lo}–{e.hi}</th>
            <td>{e.scan.itemsRead}</td>
            <td>{e.scan.requests.length}</td>
            <td>{e.scan.hits.length}</td>
          </tr>
          <tr>
            <th scope="row">QueryBox</th>
            <td>{e.loop.itemsRead}</td>
            <td>{e.loop.requests.length}</td>
            <td>{e.loop.hits.length}</td>
          </tr>
        </tbody>
      </table>
      <p className="zf-requests">
        QueryBox, {req(e.loop.requests.length)}:{' '}
        {e.loop.requests.map((r, i) => (
          <span key={i} className={!r.continued && i > 0 ? 'zf-jump' : undefined}>
            {i > 0 ? ' · ' : ''}
            {!r.continued && i > 0 ? `jump to ${r.start}: ` : ''}
            {r.read.length === 0 ? 'nothing left' : formatRuns([[r.read[0]!, r.read[r.read.length - 1]!]])}
          </span>
        ))}
        {e.loop.skipped.length > 0 ? `. Never read: ${formatRuns(e.loop.skipped)}.` : '.'}
      </p>
      <p id={`${ids}-summary`} className="zf-summary" aria-live="polite">
        {summary}
      </p>
    </div>
  );
}
