import { GetApisCommand, type Api, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';

/**
 * Every HTTP and WebSocket API of the region. The v2 API has no SDK paginator and documents no page
 * size, so `NextToken` is followed by hand until AWS stops returning one.
 */
export async function listApis(client: ApiGatewayV2Client): Promise<Api[]> {
  const out: Api[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetApisCommand({ ...(token ? { NextToken: token } : {}) }));
    out.push(...(page.Items ?? []).filter((a) => a.ApiId));
    token = page.NextToken;
  } while (token);
  return out;
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
