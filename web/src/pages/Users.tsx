import { useState, type FormEvent } from 'react';
import { api, type AuditPage, type Me, type Role } from '../api.ts';
import { Alert, Loading, Notice, useAction, useData, when } from '../components/ui.tsx';
import { detailsText } from '../components/plain.ts';
import { Link } from '../router.tsx';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

function UsersAdmin({ me }: { me: Me }) {
  const users = useData(() => api.users(), []);
  const act = useAction();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  /** The user whose password is being reset, and the new one. */
  const [resetting, setResetting] = useState<number | undefined>();
  const [resetPassword, setResetPassword] = useState('');
  const reset = (e: FormEvent, id: number, name: string) => {
    e.preventDefault();
    void act.run(async () => {
      await api.updateUser(id, { password: resetPassword });
      setResetting(undefined);
      setResetPassword('');
      users.reload();
      return `Reset the password of ${name}: they are signed out and must choose their own at the next sign-in.`;
    });
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act.run(async () => {
      const u = await api.addUser(username, password, role);
      setUsername('');
      setPassword('');
      users.reload();
      return `Added ${u.role} ${u.username}; they choose their own password at the first sign-in.`;
    });
  };
  return (
    <section className="panel" aria-labelledby="users-h">
      <h2 id="users-h">Users</h2>
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
      {!users.data ? (
        <Loading what="users" />
      ) : (
        <table>
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    disabled={u.id === me.user.id}
                    onChange={(e) =>
                      void act.run(async () => {
                        await api.updateUser(u.id, { role: e.target.value as Role });
                        users.reload();
                        return `${u.username} is now ${e.target.value}.`;
                      })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className="small">{when(u.createdAt)}</td>
                <td>
                  {u.disabled ? 'disabled' : 'active'}
                  {u.mustChangePassword && <span className="muted small"> · must change password</span>}
                </td>
                <td>
                  {u.id !== me.user.id && (
                    <div className="actions">
                      {resetting === u.id ? (
                        <form className="inline-form" aria-label={`Reset the password of ${u.username}`} onSubmit={(e) => reset(e, u.id, u.username)}>
                          <label>
                            New password for {u.username}
                            <input type="password" autoComplete="new-password" value={resetPassword} onChange={(e) => setResetPassword(e.target.value)} required minLength={10} autoFocus />
                          </label>
                          <button type="submit" className="small-button" disabled={act.busy}>
                            Set password
                          </button>
                          <button type="button" className="secondary small-button" onClick={() => setResetting(undefined)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <button
                          type="button"
                          className="secondary small-button"
                          onClick={() => {
                            setResetPassword('');
                            setResetting(u.id);
                          }}
                        >
                          Reset password
                        </button>
                      )}
                      <button
                        type="button"
                        className="secondary small-button"
                        onClick={() =>
                          void act.run(async () => {
                            await api.updateUser(u.id, { disabled: !u.disabled });
                            users.reload();
                          })
                        }
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                      <button
                        type="button"
                        className="danger small-button"
                        onClick={() =>
                          void act.run(async () => {
                            await api.removeUser(u.id);
                            users.reload();
                            return `Removed ${u.username}.`;
                          })
                        }
                      >
                        Remove
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={add} aria-label="Add a user">
        <label>
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} required pattern="[A-Za-z0-9._@-]+" />
        </label>
        <label>
          One-time password (10+ characters)
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={act.busy}>
          Add user
        </button>
      </form>
    </section>
  );
}

function Tokens() {
  const tokens = useData(() => api.tokens(), []);
  const act = useAction();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  return (
    <section className="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted small">
        For scripts: <code>curl -H "Authorization: Bearer $TOKEN" {location.origin}/api/findings</code>. A token has the role of its user; only a hash is stored.
      </p>
      <Alert error={act.error} />
      {secret && (
        <p className="notice" role="status">
          New token (shown once): <code className="secret">{secret}</code>
        </p>
      )}
      {!tokens.data ? (
        <Loading what="tokens" />
      ) : (
        <table>
          <caption className="sr-only">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="small">{when(t.createdAt)}</td>
                <td className="small">{when(t.lastUsedAt)}</td>
                <td className="small">{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td>
                  <button
                    type="button"
                    className="danger small-button"
                    onClick={() =>
                      void act.run(async () => {
                        await api.revokeToken(t.id);
                        tokens.reload();
                      })
                    }
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
            {tokens.data.tokens.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No token.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        aria-label="Create a token"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            const r = await api.createToken(name);
            setSecret(r.secret);
            setName('');
            tokens.reload();
          });
        }}
      >
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" disabled={act.busy}>
          Create token
        </button>
      </form>
    </section>
  );
}

/** What an audit entry's details say, in plain language; sign-in events aggregated per address read as a sentence. */
function auditDetails(a: AuditPage['entries'][number]): string {
  const d = a.details;
  if (!d) return '';
  if (a.actor === 'anonymous' && typeof d.count === 'number') {
    const names = Array.isArray(d.usernames) ? (d.usernames as string[]).join(', ') : '';
    const from = d.source === '*' ? 'from many further addresses' : `from ${String(d.source)}`;
    const what = a.action === 'session.rate-limited' ? 'refused (rate limit)' : 'failed';
    return `${d.count} sign-in${d.count === 1 ? '' : 's'} ${what} ${from}${names ? ` as ${names}${d.moreUsernames ? ' and others' : ''}` : ''}${typeof d.lastAt === 'string' ? `; last ${when(d.lastAt)}` : ''}`;
  }
  return detailsText(d);
}

function Audit() {
  const audit = useData(() => api.audit(100), []);
  return (
    <section className="panel" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      {!audit.data ? (
        <Loading what="the audit trail" />
      ) : (
        <table>
          <caption className="sr-only">Who did what, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.entries.map((a) => (
              <tr key={a.id}>
                <td className="small">{when(a.at)}</td>
                <td>{a.actor}</td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td className="small">
                  {a.targetType} {a.targetId}
                </td>
                <td className="small audit-details">{auditDetails(a).slice(0, 400)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function UsersPage({ me }: { me: Me }) {
  return (
    <>
      <h1>Users & tokens</h1>
      {me.user.role === 'admin' ? (
        <UsersAdmin me={me} />
      ) : (
        <p className="muted">
          Signed in as {me.user.username} ({me.user.role}). An admin manages users; <Link to="/password">change your own password</Link>.
        </p>
      )}
      <Tokens />
      {me.user.role === 'admin' && <Audit />}
    </>
  );
}
