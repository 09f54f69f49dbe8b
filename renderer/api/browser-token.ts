// Browser mode's access token: taken from `?token=` on first load, kept in
// sessionStorage, and dropped from the address bar so it is not bookmarked
// or shared by accident.
export const TOKEN_STORAGE_KEY = 'autoarr.token';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function takeTokenFromUrl(href: string, storage: StorageLike): { token: string | null; cleanedUrl: string | null } {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token')?.trim();
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    return { token: fromUrl, cleanedUrl: url.toString() };
  }
  return { token: storage.getItem(TOKEN_STORAGE_KEY), cleanedUrl: null };
}

export function saveToken(storage: StorageLike, token: string): void {
  storage.setItem(TOKEN_STORAGE_KEY, token.trim());
}

export function forgetToken(storage: StorageLike): void {
  storage.removeItem(TOKEN_STORAGE_KEY);
}
