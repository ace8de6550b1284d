import type { PaperLine } from '../../../../electron/contract';

/**
 * A receipt or ticket as the printer gets it: its lines, in a monospace strip as wide as the
 * paper's columns (32 at 58 mm, 48 at 80 mm; a CJK character takes two, as on the printer). With
 * `paper`, each line keeps its emphasis: size 2 (`GS !` double width and height) is drawn at
 * twice the font size — twice the columns, as on paper — and bold lines bold. A rare character
 * stays itself here; on paper it may be a raster glyph.
 */
export function ThermalStrip({
  lines,
  paper,
  columns,
  title,
}: {
  lines: readonly string[];
  paper?: readonly PaperLine[] | null;
  columns: number;
  title: string;
}) {
  const width = { width: `calc(${columns}ch + 32px)` };
  return (
    <div className="thermal-desk">
      {paper ? (
        <div className="thermal-paper" style={width} role="document" aria-label={title}>
          {paper.map((line, i) => (
            <div
              // The lines of an issued document never change order: the index is their identity.
              key={i}
              className={`thermal-line${line.size === 2 ? ' thermal-line-large' : ''}${line.bold ? ' thermal-line-bold' : ''}`}
              style={{ textAlign: line.align }}
            >
              {line.text || '\u00a0'}
            </div>
          ))}
        </div>
      ) : (
        <pre className="thermal-paper" style={width} aria-label={title}>
          {lines.join('\n')}
        </pre>
      )}
      <div className="muted thermal-width">
        纸宽 {columns === 32 ? '58' : columns === 48 ? '80' : '—'} 毫米 · 每行 {columns} 列
      </div>
    </div>
  );
}
