import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { DocumentPreview } from './DocumentPreview';

/** The address of an issued document's preview; `reprint`: the preview of a 补打. */
export function documentPath(documentId: string, reprint = false): string {
  return `/printing/documents/${documentId}${reprint ? '?reprint=1' : ''}`;
}

/**
 * /printing/documents/:documentId[?reprint=1] — an issued document full-page, reached from the
 * case page's 文书 and from 打印任务. 返回 (Esc) goes back where the clerk came from.
 */
export function DocumentPreviewPage() {
  const { documentId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const reprint = search.get('reprint') === '1';
  // Opened from within the app: back to that page; opened by its address: to 打印任务.
  const back = () => void (location.key !== 'default' ? navigate(-1) : navigate('/printing'));
  return (
    <div className="page doc-preview-page">
      <DocumentPreview key={`${documentId}|${reprint}`} documentId={documentId} reprint={reprint} onBack={back} />
    </div>
  );
}
