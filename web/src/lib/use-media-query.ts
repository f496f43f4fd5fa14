import { useCallback, useSyncExternalStore } from 'react';

/** Whether a CSS media query matches, read synchronously so the first render already has the right layout. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Sider navigation from antd's `lg` breakpoint up; below it, a drawer or (consumers) a bottom tab bar. */
export const DESKTOP_QUERY = '(min-width: 992px)';
