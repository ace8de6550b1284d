import type { ThermalBlock, ThermalDocument } from '../../../../../electron/core/printing/thermal/thermal-document';

/** A block as the words it puts on paper (layout aside), for assertions on what a document says. */
export function blockWords(b: ThermalBlock): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'field':
      return `${b.label}：${b.value}`;
    case 'pair':
      return `${b.left} ${b.right}`;
    case 'qr':
      return `[QR ${b.payload}] ${b.caption ?? ''}`;
    case 'rule':
      return '---';
    case 'feed':
      return '';
    case 'ruler':
      return '[ruler]';
  }
}

export function documentWords(doc: ThermalDocument): string[] {
  return doc.blocks.map(blockWords);
}

/** Every string a document carries, QR payloads included (where a full number must never hide). */
export function everyString(doc: ThermalDocument): string {
  return JSON.stringify(doc.blocks);
}
