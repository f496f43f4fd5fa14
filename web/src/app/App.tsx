import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { I18nProvider } from '../i18n';
import { AntdProvider } from './AntdProvider';
import { createQueryClient } from './query-client';
import { createRouter } from './router';

/** The root: data cache, language, antd theme/locale, routes. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdProvider>
          <RouterProvider router={router} />
        </AntdProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
