import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, api } from '../../api.ts';

type Opened = Answer<'/api/v1/service-desk/exception-requests/{id}/attachments/{attachmentId}/views', 'post'>;

/**
 * One document of a request. Opening a document is audited, so it is a POST (issue 13,
 * finding 9): the answer is a link, valid a minute for this operator only, that the browser
 * then shows. Images are opened as the page shows them; PDFs when the operator asks, in a tab of
 * their own (the server forbids framing any of its answers).
 */
export function DeskAttachment({ url, filename, contentType }: { url: string; filename: string; contentType: string }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<string>();
  const [failed, setFailed] = useState(false);
  const isImage = contentType.startsWith('image/');

  useEffect(() => {
    if (!isImage) return;
    let isCurrent = true;
    api<Opened>(url, { method: 'POST' }).then(
      (o) => isCurrent && setPreview(o.url),
      () => isCurrent && setFailed(true),
    );
    return () => {
      isCurrent = false;
    };
  }, [url, isImage]);

  const open = async () => {
    // The tab opens on the click itself (no pop-up blocker), then goes to the link once it is known.
    const tab = window.open('about:blank', '_blank');
    try {
      const o = await api<Opened>(url, { method: 'POST' });
      if (tab) tab.location.href = o.url;
      else window.location.assign(o.url);
    } catch {
      tab?.close();
      setFailed(true);
    }
  };

  return (
    <>
      {preview && <img src={preview} alt={t('desk.imageAlt', { name: filename })} className="attachment-preview" />}
      <button type="button" className="secondary" onClick={() => void open()}>
        {t('desk.openDocument', { name: filename })}
        <span className="visually-hidden"> {t('desk.newTab')}</span>
      </button>
      {failed && <p className="badge warn">{t('errors.generic')}</p>}
    </>
  );
}
