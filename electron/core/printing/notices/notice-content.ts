import type { SafeHtml } from './html';
import type { NoticeFact } from './notice-layout';

/** What one notice's template contributes to the shared page (notice-layout.ts). */
export interface NoticeContent {
  title: string;
  facts: NoticeFact[];
  body: SafeHtml;
  /** The last paragraph(s), printed on the page of the seal (never a seal alone on a page). */
  closing: SafeHtml;
}
