// The REST transport: the one place that calls fetch. It adds the access token, refreshes it once on a 401 and
// turns error responses into ApiError (see problem.ts).
import { ApiError, parseProblem } from './problem';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How requests get and renew the access token; the session module installs it. */
export interface AuthHandler {
  /** A token that is believed to be valid, or null when signed out. */
  accessToken(): Promise<string | null>;
  /** Called after a 401: renews the token (once for every request waiting on it); false when the session is over. */
  renew(): Promise<boolean>;
}

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (file contents). */
  bytes?: BodyInit;
  /** Sent as multipart/form-data (uploads); the browser writes the boundary. */
  form?: FormData;
  /** Send no token and do not renew on 401 (sign-in, refresh). */
  anonymous?: boolean;
  /** Further request headers. */
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
}

export interface BinaryResponse {
  bytes: Uint8Array;
  contentType: string;
}

let authHandler: AuthHandler | null = null;

export function setAuthHandler(handler: AuthHandler | null): void {
  authHandler = handler;
}

/** Sends a request and returns the parsed JSON body (undefined for 204). */
export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204 || response.headers.get('content-length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends a GET and returns the raw body with its content type. */
export async function requestBinary(path: string, signal?: AbortSignal): Promise<BinaryResponse> {
  const response = await send('GET', path, { signal, accept: '*/*' });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
}

async function send(method: HttpMethod, path: string, options: RequestOptions): Promise<Response> {
  const useAuth = !options.anonymous && authHandler !== null;
  let response = await attempt(method, path, options, useAuth ? await authHandler!.accessToken() : null);
  if (response.status === 401 && useAuth && authHandler) {
    if (!(await authHandler.renew())) {
      throw new ApiError(401, 'Your session has ended. Sign in again.');
    }
    response = await attempt(method, path, options, await authHandler.accessToken());
  }
  if (!response.ok) {
    throw parseProblem(response.status, response.statusText, await response.text(), response.headers.get('content-type'));
  }
  return response;
}

async function attempt(method: HttpMethod, path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers = new Headers({ ...options.headers, Accept: options.accept ?? 'application/json' });
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.bytes !== undefined) {
    headers.set('Content-Type', 'application/octet-stream');
    body = options.bytes;
  } else if (options.form !== undefined) {
    body = options.form;
  }
  if (token) {
    headers.set('Authorization', `Bearer ${token}`);
  }
  try {
    return await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
}
