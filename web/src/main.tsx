/** The console: sign-in gate, then the pages. */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, setCsrf, whenPasswordChangeRequired, whenSignedOut, type Me } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/ui.tsx';
import { FindingPage } from './pages/Finding.tsx';
import { FindingsPage } from './pages/Findings.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { ForcedPasswordPage, PasswordPage } from './pages/Password.tsx';
import { PoliciesPage } from './pages/Policies.tsx';
import { PolicyPage } from './pages/Policy.tsx';
import { RemediationPage } from './pages/Remediation.tsx';
import { ResourcePage } from './pages/Resource.tsx';
import { ScansPage } from './pages/Scans.tsx';
import { NotificationsPage } from './pages/Notifications.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { UsersPage } from './pages/Users.tsx';
import { navigate, useLocation } from './router.tsx';
import './styles.css';

function Page({ me, onMe }: { me: Me; onMe: (me: Me) => void }) {
  const { path } = useLocation();
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  if (parts.length === 0) return <OverviewPage />;
  const [area, id] = parts;
  if (area === 'findings' && id) return <FindingPage id={id} me={me} />;
  if (area === 'findings') return <FindingsPage />;
  if (area === 'resources') return <ResourcePage />;
  if (area === 'policies' && id) return <PolicyPage id={id} me={me} />;
  if (area === 'policies') return <PoliciesPage me={me} />;
  if (area === 'remediation') return <RemediationPage me={me} />;
  if (area === 'scans') return <ScansPage me={me} />;
  if (area === 'notifications') return <NotificationsPage me={me} />;
  if (area === 'users') return <UsersPage me={me} />;
  if (area === 'password') return <PasswordPage me={me} onChanged={onMe} />;
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page at {path}.</p>
    </>
  );
}

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    whenPasswordChangeRequired(() => setMe((m) => (m ? { ...m, mustChangePassword: true } : m)));
    api.me().then(
      (m) => {
        setCsrf(m.csrfToken);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  useEffect(() => {
    document.title = me ? 'mamori console' : 'Sign in — mamori';
  }, [me]);
  if (me === undefined) return <Loading what="the console" />;
  if (me === null)
    return (
      <SignInPage
        onSignedIn={(m) => {
          setCsrf(m.csrfToken);
          setMe(m);
        }}
      />
    );
  const signOut = async () => {
    await api.signOut().catch(() => undefined);
    setCsrf('');
    setMe(null);
    navigate('/', { replace: true });
  };
  if (me.mustChangePassword) return <ForcedPasswordPage me={me} onChanged={setMe} onSignOut={() => void signOut()} />;
  return (
    <Layout me={me} onSignOut={() => void signOut()}>
      <Page me={me} onMe={setMe} />
    </Layout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
