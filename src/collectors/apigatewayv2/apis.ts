import { ApiGatewayV2Client, GetApisCommand, type Api } from '@aws-sdk/client-apigatewayv2';
import { sharedRead } from '../memo.ts';
import type { CollectContext } from '../types.ts';

/**
 * Every HTTP and WebSocket API of the context's region, listed once per account and region in a scan:
 * the stage and the route collectors both need it. The v2 API has no SDK paginator and documents no page
 * size, so `NextToken` is followed by hand until AWS stops returning one.
 */
export function listApis(ctx: CollectContext): Promise<readonly Api[]> {
  return sharedRead(ctx, 'apigatewayv2:GetApis', async () => {
    const client = ctx.client(ApiGatewayV2Client);
    const out: Api[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetApisCommand({ ...(token ? { NextToken: token } : {}) }));
      out.push(...(page.Items ?? []).filter((a) => a.ApiId));
      token = page.NextToken;
    } while (token);
    return out;
  });
}

/** Every page of a per-API v2 list (`GetStages`, `GetRoutes`). */
export async function allPages<T>(read: (token: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    out.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}
