/** A resource's configuration as lines, the violating parts marked with ⚠ and the policies they violate. */
import type { ConfigSection } from '../api.ts';
import { plural } from './plain.ts';

export function ConfigView({ sections, label }: { sections: ConfigSection[]; label: string }) {
  const violating = sections.reduce((n, s) => n + s.lines.filter((l) => l.violating).length, 0);
  return (
    <section className="config" aria-label={label}>
      <p className="config-summary">
        {violating ? (
          <>
            <span className="warn" aria-hidden="true">
              ⚠
            </span>{' '}
            {plural(violating, 'violating part')} marked below
          </>
        ) : (
          'No violating part.'
        )}
      </p>
      {sections.map((s) => (
        <div key={s.title} className="config-section">
          <h3>{s.title}</h3>
          {s.lines.length === 0 ? (
            <p className="muted">none</p>
          ) : (
            <ul className="config-lines">
              {s.lines.map((l, i) => (
                <li key={`${l.evidenceId ?? ''}-${i}`} className={l.violating ? 'line violating' : 'line'} data-evidence={l.evidenceId} data-violating={l.violating ? 'true' : 'false'}>
                  <span className="mark" aria-hidden="true">
                    {l.violating ? '⚠' : ''}
                  </span>
                  {l.violating && <span className="sr-only">Violating: </span>}
                  <code className="line-text">{l.text}</code>
                  {l.evidenceId && !l.evidenceId.startsWith('path:') && <span className="line-id">{l.evidenceId}</span>}
                  {l.policies && <span className="line-policies">violates {l.policies.join(', ')}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
