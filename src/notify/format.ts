/**
 * What a message says: one event, or a digest of several, as plain text, HTML, Slack Block Kit and JSON. Every
 * message names the policy, the severity and the resource (ARN, account, region) so it can be acted on without
 * opening the console.
 */
import type { NotificationEvent, NotificationKind } from '../store/notifications.ts';

const VERB: Record<NotificationKind, string> = {
  'finding.new': 'New finding',
  'finding.reopened': 'Finding reopened',
  'finding.resolved': 'Finding resolved',
  'fix.planned': 'Fix journaled, applying',
  'fix.verified': 'Fix verified',
  'fix.failed': 'Fix failed',
  'approval.waiting': 'Fix waiting for approval',
};

const SEVERITY_MARK: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

export function account(e: NotificationEvent): string {
  return e.accountName ? `${e.accountName} (${e.account})` : e.account;
}

/** One line: `New finding [high] aws-ec2-sg-open-cifs: sg-0abc (Prod 111122223333, eu-west-1)`. */
export function line(e: NotificationEvent): string {
  const what = e.resource.name ? `${e.resource.name} (${e.resource.id})` : e.resource.id;
  return `${VERB[e.kind]} [${e.severity}] ${e.policy}: ${what} in ${account(e)} ${e.region}`;
}

export function subject(events: readonly NotificationEvent[], digest: boolean): string {
  const first = events[0];
  if (!first) return 'mamori: no events';
  if (!digest && events.length === 1) return `mamori: ${VERB[first.kind]} [${first.severity}] ${first.title}`.slice(0, 100);
  const counts = countByKind(events);
  return `mamori: ${Object.entries(counts).map(([k, n]) => `${n} ${VERB[k as NotificationKind].toLowerCase()}`).join(', ')}`.slice(0, 100);
}

function countByKind(events: readonly NotificationEvent[]): Partial<Record<NotificationKind, number>> {
  const out: Partial<Record<NotificationKind, number>> = {};
  for (const e of events) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return out;
}

function details(e: NotificationEvent): [string, string][] {
  const rows: [string, string][] = [
    ['Policy', `${e.policy} — ${e.title}`],
    ['Severity', e.severity],
    ['Resource', e.resource.arn],
    ['Account', account(e)],
    ['Region', e.region],
  ];
  if (e.action) rows.push(['Action', e.journalId !== undefined ? `${e.action} (journal #${e.journalId})` : e.action]);
  if (e.error) rows.push(['Error', e.error]);
  if (e.kind === 'approval.waiting' && e.journalId !== undefined) rows.push(['Approve', `mamori approve ${e.journalId}`]);
  rows.push(['When', e.at]);
  return rows;
}

export function text(events: readonly NotificationEvent[], digest: boolean): string {
  if (!digest && events.length === 1) {
    const e = events[0]!;
    return `${VERB[e.kind]}\n\n${details(e).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
  }
  return `${events.length} events\n\n${events.map((e) => `- ${line(e)}`).join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function html(events: readonly NotificationEvent[], digest: boolean): string {
  if (!digest && events.length === 1) {
    const e = events[0]!;
    const rows = details(e).map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
    return `<h2>${esc(VERB[e.kind])}</h2><table>${rows}</table>`;
  }
  return `<h2>${events.length} events</h2><ul>${events.map((e) => `<li>${esc(line(e))}</li>`).join('')}</ul>`;
}

/** Slack allows 50 blocks; a long digest lists the first events and says how many more there are. */
const SLACK_MAX_LINES = 40;

export function slack(events: readonly NotificationEvent[], digest: boolean): { text: string; blocks: unknown[] } {
  const fallback = subject(events, digest);
  if (!digest && events.length === 1) {
    const e = events[0]!;
    return {
      text: fallback,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `${SEVERITY_MARK[e.severity] ?? ''} ${VERB[e.kind]}: ${e.title}`.slice(0, 150) } },
        { type: 'section', fields: details(e).slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${slackEscape(v)}` })) },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `mamori · ${e.policy}` }] },
      ],
    };
  }
  const shown = events.slice(0, SLACK_MAX_LINES);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: `mamori: ${events.length} events`.slice(0, 150) } }];
  for (const e of shown) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${SEVERITY_MARK[e.severity] ?? ''} ${slackEscape(line(e))}`.slice(0, 3000) } });
  if (events.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${events.length - shown.length} more` }] });
  return { text: fallback, blocks };
}

function slackEscape(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
