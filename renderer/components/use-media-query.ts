// Whether a CSS media query matches now, following changes (tray popup vs full window).
import { useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const mql = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query) : null;
  return useSyncExternalStore(
    (cb) => {
      mql?.addEventListener('change', cb);
      return () => mql?.removeEventListener('change', cb);
    },
    () => mql?.matches ?? false,
    () => false,
  );
}
