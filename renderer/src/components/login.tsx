import { useState } from 'react';

/** In a browser the console needs the admin token that `npm run serve` printed. */
export function Login({ onToken, rejected }: { onToken(token: string): void; rejected: boolean }) {
  const [token, setToken] = useState('');
  return (
    <form
      className="login card"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim()) onToken(token.trim());
      }}
    >
      <h1>Leads Agent</h1>
      <p>Paste the admin token that the server printed when it started (it is also in the data folder, in the file admin-token).</p>
      {rejected && <p className="error">That token was not accepted. Check it and try again.</p>}
      <label>
        Admin token
        <input name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
      </label>
      <button type="submit">Open console</button>
    </form>
  );
}
