import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type System, SystemSearchForm, useSystemSearch } from '../../components/SystemSearch.tsx';
import { errorMessage } from '../../errors.ts';
import { displayEnterprise } from '../../format.ts';

/** Find a registered system by a part of its name or an exact client id, and let it act here. */
export function AddSystemUser({ en, onAdded }: { en: string; onAdded(message: string): void }) {
  const { t } = useTranslation();
  const search = useSystemSearch();
  const { found } = search;
  const [adding, setAdding] = useState<System | null>(null);
  const [busy, setBusy] = useState(false);
  const [addError, setAddError] = useState<unknown>();

  const add = async (s: System) => {
    setBusy(true);
    setAddError(undefined);
    try {
      await call(
        client.POST('/api/v1/enterprises/{en}/system-users', { params: { path: { en } }, body: { system: s.id } }),
      );
      setAdding(null);
      search.clear({ query: true });
      onAdded(t('systemUsers.created', { system: s.name }));
    } catch (e) {
      setAdding(null);
      setAddError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-system-user">
      <h2 id="add-system-user">{t('systemUsers.addTitle')}</h2>
      <SystemSearchForm search={search} required />
      {addError !== undefined && <Alert kind="error">{errorMessage(t, addError)}</Alert>}
      {found && found.length === 0 && <p aria-live="polite">{t('systemUsers.notFound')}</p>}
      {found && found.length > 0 && (
        <ul aria-live="polite">
          {found.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>{' '}
              <span className="muted small">
                {t('systemUsers.vendor', { vendor: displayEnterprise(s.vendor) })} · {s.clientIds.join(', ')}
              </span>{' '}
              <button type="button" onClick={() => setAdding(s)}>
                {t('systemUsers.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={adding !== null}
        isDestructive={false}
        confirmLabel={t('systemUsers.add')}
        busy={busy}
        onConfirm={() => adding && void add(adding)}
        onCancel={() => setAdding(null)}
      >
        <p>
          {adding && t('systemUsers.confirmAdd', { system: adding.name, vendor: displayEnterprise(adding.vendor) })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
