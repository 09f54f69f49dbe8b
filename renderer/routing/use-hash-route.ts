// Keeps the store's route in step with location.hash (back/forward, links,
// notification clicks) and moves focus to the new view for keyboard users.
import { useEffect, type RefObject } from 'react';
import type { AppStore } from '../store/app-store';
import { parseHash } from './hash-route';

export function useHashRoute(store: AppStore, focusTarget: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let first = true;
    const sync = () => {
      store.getState().navigate(parseHash(window.location.hash));
      if (!first) focusTarget.current?.focus({ preventScroll: true });
      first = false;
    };
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [store, focusTarget]);
}
