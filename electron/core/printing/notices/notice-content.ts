import type { SafeHtml } from './html';
import type { NoticeFact } from './notice-layout';

/** What one notice's template contributes to the shared page (notice-layout.ts). */
export interface NoticeContent {
  title: string;
  facts: NoticeFact[];
  body: SafeHtml;
}
