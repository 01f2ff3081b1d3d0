// Turns an HTTP error response (RFC 7807 ProblemDetails or anything else) into an ApiError a person can act on.

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export class ApiError extends Error {
  readonly status: number;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** Validation errors by field, keyed by the normalised field name (see fieldKey). */
  readonly fieldErrors: FieldErrors;

  constructor(status: number, message: string, options: { title?: string; detail?: string; fieldErrors?: FieldErrors } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = options.title;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors ?? {};
  }

  /** The errors for one field, matched without regard to case or a "$." / "body." prefix. */
  errorsFor(field: string): readonly string[] {
    return this.fieldErrors[fieldKey(field)] ?? [];
  }
}

/** "$.Email", "body.email" and "Email" all name the field "email"; nested names keep their dots ("limits.cpus"). */
export function fieldKey(name: string): string {
  return name.replace(/^\$\.?/, '').replace(/^body\./i, '').toLowerCase();
}

export function parseProblem(status: number, statusText: string, body: string, contentType: string | null): ApiError {
  const fallback = status === 0 ? 'The server could not be reached.' : `${status} ${statusText}`.trim();
  if (!body.trim() || !contentType || !/json/i.test(contentType)) {
    return new ApiError(status, plainMessage(body, contentType) ?? fallback);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return new ApiError(status, fallback);
  }
  if (!isRecord(parsed)) {
    return new ApiError(status, fallback);
  }

  const title = stringOrUndefined(parsed.title);
  const detail = stringOrUndefined(parsed.detail);
  const fieldErrors = parseFieldErrors(parsed.errors);
  const firstFieldError = Object.values(fieldErrors).flat()[0];
  const message = detail ?? firstFieldError ?? title ?? fallback;
  return new ApiError(status, message, { title, detail, fieldErrors });
}

function parseFieldErrors(errors: unknown): FieldErrors {
  if (!isRecord(errors)) {
    return {};
  }
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === 'string' && m.length > 0);
    if (messages.length > 0) {
      const key = fieldKey(name);
      result[key] = [...(result[key] ?? []), ...messages];
    }
  }
  return result;
}

// A short plain-text body (a proxy's "Bad Gateway") says more than the status line; an HTML error page does not.
function plainMessage(body: string, contentType: string | null): string | undefined {
  const text = body.trim();
  if (!text || text.length > 300 || (contentType !== null && !/^text\/plain/i.test(contentType))) {
    return undefined;
  }
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
