/**
 * Changing your own password: the current one, then the new one twice. Forced (a full page instead of the console)
 * when someone else chose the password — the demo's one-time password, a user an admin created or reset.
 */
import { useState, type FormEvent } from 'react';
import { api, setCsrf, type Me } from '../api.ts';
import { Alert, Notice } from '../components/ui.tsx';

const MIN = 10;

function PasswordForm({ onChanged }: { onChanged: (me: Me) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (next !== again) return setError(new Error('the new passwords differ'));
    setBusy(true);
    try {
      const me = await api.changePassword(current, next);
      // The session was renewed: the old CSRF token is gone with it.
      setCsrf(me.csrfToken);
      setCurrent('');
      setNext('');
      setAgain('');
      onChanged(me);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="password-form" style={{ display: 'flex', flexDirection: 'column', gap: '0.8rem', maxWidth: '24rem' }} onSubmit={(e) => void submit(e)} aria-label="Change password">
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <label>
        Current password
        <input name="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <label>
        New password ({MIN}+ characters)
        <input name="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={MIN} />
      </label>
      <label>
        New password again
        <input name="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required minLength={MIN} />
      </label>
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

/** Shown instead of the console until the user has chosen their own password. */
export function ForcedPasswordPage({ me, onChanged, onSignOut }: { me: Me; onChanged: (me: Me) => void; onSignOut: () => void }) {
  return (
    <main id="main" className="signin">
      <h1>Choose your password</h1>
      <p>
        Signed in as <strong>{me.user.username}</strong> with a password someone else chose (a one-time password). Choose your own before you continue.
      </p>
      <PasswordForm onChanged={onChanged} />
      <p className="small">
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </p>
    </main>
  );
}

/** The self-service page (/password). */
export function PasswordPage({ me, onChanged }: { me: Me; onChanged: (me: Me) => void }) {
  const [done, setDone] = useState(false);
  return (
    <>
      <h1>Change password</h1>
      <section className="panel" aria-labelledby="password-h">
        <h2 id="password-h">Your password</h2>
        <p className="muted small">
          Signed in as {me.user.username}. Your other sessions end when you change it; this one continues.
        </p>
        <Notice>{done ? 'Your password is changed.' : ''}</Notice>
        <PasswordForm
          onChanged={(m) => {
            setDone(true);
            onChanged(m);
          }}
        />
      </section>
    </>
  );
}
