/** A YAML policy editor: validates on request and shows each problem at its line and column, in the text too. */
import { useState } from 'react';
import { api, type PolicyProblem } from '../api.ts';
import { Alert, Notice, useAction } from './ui.tsx';

export const TEMPLATE = `id: my-sg-open-elasticsearch-9200
title: Security group exposes Elasticsearch (9200) to the internet
description: Inbound TCP 9200 from 0.0.0.0/0 or ::/0.
severity: high
resource: aws.ec2.security-group
condition:
  matcher: ingress-open
  ports: [9200]
  protocols: [tcp]
response:
  mode: notify
  action: revoke-open-ingress
`;

export function YamlEditor({ canSave, onSaved }: { canSave: boolean; onSaved: (id: string) => void }) {
  const [source, setSource] = useState(TEMPLATE);
  const [problems, setProblems] = useState<PolicyProblem[]>([]);
  const [valid, setValid] = useState<string | undefined>();
  const act = useAction();
  const validate = () =>
    act.run(async () => {
      const r = await api.validatePolicy(source);
      setProblems(r.problems);
      setValid(r.valid ? r.id : undefined);
      return r.valid ? `Valid: ${r.id}` : '';
    });
  const save = () =>
    act.run(async () => {
      const r = await api.validatePolicy(source);
      setProblems(r.problems);
      if (!r.valid || !r.id) return '';
      await api.saveCustomPolicy(r.id, source);
      onSaved(r.id);
      return `Saved custom policy ${r.id}; the next scan evaluates it.`;
    });
  const bad = new Map(problems.filter((p) => p.line !== undefined).map((p) => [p.line!, p]));
  return (
    <div className="yaml-editor">
      <label htmlFor="policy-yaml">Policy (YAML, the policy language of docs/policy-language.md)</label>
      <textarea
        id="policy-yaml"
        spellCheck={false}
        rows={16}
        value={source}
        onChange={(e) => {
          setSource(e.target.value);
          setValid(undefined);
        }}
        aria-invalid={problems.length > 0}
        aria-describedby="policy-problems"
      />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void validate()} disabled={act.busy}>
          Validate
        </button>
        {canSave && (
          <button type="button" onClick={() => void save()} disabled={act.busy}>
            Save custom policy
          </button>
        )}
      </div>
      <div id="policy-problems" aria-live="polite">
        {problems.map((p, i) => (
          <p key={i} className="alert problem">
            <span aria-hidden="true">⚠</span> <code>{p.formatted}</code>
          </p>
        ))}
        {valid && <Notice>Valid policy {valid}.</Notice>}
      </div>
      {problems.length > 0 && (
        <ol className="yaml-lines" aria-label="The policy with the problem marked">
          {source.split('\n').map((l, i) => {
            const p = bad.get(i + 1);
            return (
              <li key={i} className={p ? 'line violating' : 'line'}>
                <code>{l || ' '}</code>
                {p && (
                  <span className="problem-inline">
                    ⚠ column {p.column}: {p.message}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <Alert error={act.error} />
      <Notice>{act.message}</Notice>
    </div>
  );
}
