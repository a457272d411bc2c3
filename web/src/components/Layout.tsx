/** The frame around every page: skip link, header with navigation and the signed-in user, main content. */
import { useEffect, useState, type ReactNode } from 'react';
import type { Me } from '../api.ts';
import { Link, useLocation } from '../router.tsx';

const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Overview' },
  { to: '/findings', label: 'Findings' },
  { to: '/policies', label: 'Policies' },
  { to: '/remediation', label: 'Remediation' },
  { to: '/scans', label: 'Accounts & scans' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/users', label: 'Users & tokens' },
];

export function Layout({ me, onSignOut, children }: { me: Me; onSignOut: () => void; children: ReactNode }) {
  const { path } = useLocation();
  const current = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  // On a narrow screen the navigation folds behind a Menu button (CSS shows the button only there).
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          mamori
        </Link>
        <button type="button" className="menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen((o) => !o)}>
          Menu
        </button>
        <nav aria-label="Main" id="main-nav" className={open ? 'open' : undefined}>
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={current(n.to) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {me.demo && <span className="demo-tag">demo</span>}
          <span>
            {me.user.username} <span className="role">({me.user.role})</span>
          </span>
          <Link to="/password" aria-current={path === '/password' ? 'page' : undefined}>
            Change password
          </Link>
          <button type="button" className="link-button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
