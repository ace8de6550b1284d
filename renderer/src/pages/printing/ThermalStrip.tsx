/**
 * A receipt or ticket as the printer gets it: its lines, in a monospace strip as wide as the
 * paper's columns (32 at 58 mm, 48 at 80 mm; a CJK character takes two, as on the printer). A
 * rare character stays itself here; on paper it may be a raster glyph.
 */
export function ThermalStrip({ lines, columns, title }: { lines: readonly string[]; columns: number; title: string }) {
  return (
    <div className="thermal-desk">
      <pre className="thermal-paper" style={{ width: `calc(${columns}ch + 32px)` }} aria-label={title}>
        {lines.join('\n')}
      </pre>
      <div className="muted thermal-width">
        纸宽 {columns === 32 ? '58' : columns === 48 ? '80' : '—'} 毫米 · 每行 {columns} 列
      </div>
    </div>
  );
}
