/** Add or edit an exclusion: reason, owner, expiry, and what it matches (account, region, resource, tags, tags of related resources). */
import { useState, type FormEvent } from 'react';
import type { ExclusionRequest, ExclusionView } from '../api.ts';
import { matchText } from './plain.ts';

function csv(s: string): string[] | undefined {
  const v = s.split(',').map((x) => x.trim()).filter(Boolean);
  return v.length ? v : undefined;
}

function tagMap(s: string): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const line of s.split(/\n|,/)) {
    const t = line.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    const k = (i < 0 ? t : t.slice(0, i)).trim();
    const v = i < 0 ? '*' : t.slice(i + 1).trim();
    (out[k] ??= []).push(v);
  }
  return Object.keys(out).length ? out : undefined;
}

function tagText(t: unknown): string {
  if (!t || typeof t !== 'object') return '';
  return Object.entries(t as Record<string, string[] | string>)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`))
    .join('\n');
}

function listText(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
}

export function ExclusionForm({ initial, resource, submitLabel, onSubmit, onCancel, busy }: { initial?: ExclusionView; resource?: string; submitLabel: string; onSubmit: (x: ExclusionRequest) => void; onCancel?: () => void; busy: boolean }) {
  const m = (initial?.match ?? {}) as Record<string, unknown>;
  const rel = (Array.isArray(m.related) ? m.related[0] : m.related) as { type?: string; tags?: unknown } | undefined;
  const [reason, setReason] = useState(initial?.reason ?? '');
  const [owner, setOwner] = useState(initial?.owner ?? '');
  const [expires, setExpires] = useState(initial?.expires?.slice(0, 10) ?? '');
  const [account, setAccount] = useState(listText(m.account));
  const [region, setRegion] = useState(listText(m.region));
  const [res, setRes] = useState(listText(m.resource) || resource || '');
  const [tags, setTags] = useState(tagText(m.tags));
  const [relType, setRelType] = useState(rel?.type ?? '');
  const [relTags, setRelTags] = useState(tagText(rel?.tags));
  const matchOf = () => {
    const match: Record<string, unknown> = {};
    const a = csv(account);
    if (a) match.account = a;
    const r = csv(region);
    if (r) match.region = r;
    const rs = csv(res);
    if (rs) match.resource = rs;
    const t = tagMap(tags);
    if (t) match.tags = t;
    if (relType) match.related = { type: relType, ...(tagMap(relTags) ? { tags: tagMap(relTags) } : {}) };
    return match;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ match: matchOf(), reason, ...(owner ? { owner } : {}), ...(expires ? { expires } : {}) });
  };
  const preview = matchOf();
  return (
    <form className="exclusion-form" onSubmit={submit} aria-label={submitLabel}>
      <div className="filter-fields">
        <label>
          Reason (required)
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        </label>
        <label>
          Owner
          <input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="team@example.com" />
        </label>
        <label>
          Expires
          <input name="expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>Matches (every field given must match; lists are alternatives; * is a wildcard)</legend>
        <div className="filter-fields">
          <label>
            Accounts (ids or names)
            <input name="account" value={account} onChange={(e) => setAccount(e.target.value)} placeholder="Test, 444444444444" />
          </label>
          <label>
            Regions
            <input name="region" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="eu-west-1" />
          </label>
          <label>
            Resources (ids or ARNs)
            <input name="resource" value={res} onChange={(e) => setRes(e.target.value)} placeholder="sg-0123…, arn:aws:s3:::bucket-*" />
          </label>
          <label>
            Tags (Key=Value, one per line)
            <textarea name="tags" rows={2} value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
          <label>
            Related resource type
            <select name="related-type" value={relType} onChange={(e) => setRelType(e.target.value)}>
              <option value="">none</option>
              <option value="aws.ec2.instance">EC2 instances using the group (aws.ec2.instance)</option>
              <option value="aws.ec2.network-interface">network interfaces using the group (aws.ec2.network-interface)</option>
            </select>
          </label>
          <label>
            Related resource tags (Key=Value)
            <textarea name="related-tags" rows={2} value={relTags} onChange={(e) => setRelTags(e.target.value)} placeholder="CASB-Audit=No" />
          </label>
        </div>
        <p className="small" aria-live="polite">
          {Object.keys(preview).length ? `This exclusion applies to: ${matchText(preview)}.` : 'Give at least one criterion: an exclusion that matches everything would switch the policy off.'}
        </p>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving and re-evaluating…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
