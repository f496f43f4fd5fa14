import { useEffect } from 'react';
import { useI18n } from '../i18n';

/** Sets `document.title` to "<page> · <product>" while the page is shown. */
export function usePageTitle(page: string | undefined): void {
  const { t } = useI18n();
  const product = t('app.name');
  useEffect(() => {
    document.title = page ? `${page} · ${product}` : product;
  }, [page, product]);
}
