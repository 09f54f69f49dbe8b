// Browser mode without a token: ask for the one autoarr-tray printed (or the
// address with ?token= it opened), instead of failing every call.
import { useId, useState } from 'react';

export function TokenPrompt({ refused, onSubmit }: { refused: boolean; onSubmit: (token: string) => void }) {
  const [token, setToken] = useState('');
  const id = useId();
  return (
    <main className="token-prompt">
      <form
        className="card"
        aria-label="Connect to autoarr-tray"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onSubmit(token.trim());
        }}
      >
        <h1>autoarr-tray</h1>
        {refused ? (
          <p className="error-text" role="alert">
            The access token was refused. Paste the current one.
          </p>
        ) : (
          <p>This window needs the access token autoarr-tray printed when it started (or open the address it printed, which carries it).</p>
        )}
        <label htmlFor={id}>Access token</label>
        <input id={id} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        <div className="buttons">
          <button type="submit">Connect</button>
        </div>
      </form>
    </main>
  );
}
