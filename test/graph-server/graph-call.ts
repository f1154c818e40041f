/** One request to the local Graph as a client sends it: a bearer token, JSON in and out. */
export interface GraphAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function callGraph(url: string, token: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<GraphAnswer> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
}
