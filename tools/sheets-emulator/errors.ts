/** Google-shaped API errors. Thrown anywhere in a handler; the server turns them into JSON. */

export class ApiError extends Error {
  constructor(
    public code: number,
    public status: string,
    message: string,
    public details?: unknown[],
  ) {
    super(message);
  }

  toJSON() {
    // Google's Sheets v4 errors carry no `errors[]` (recorded answers): code, message, status, details.
    const error: Record<string, unknown> = { code: this.code, message: this.message, status: this.status };
    if (this.details) error.details = this.details;
    return { error };
  }
}

export const badRequest = (message: string, details?: unknown[]) => new ApiError(400, 'INVALID_ARGUMENT', message, details);

export const unauthenticated = () =>
  new ApiError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
        metadata: { service: 'sheets.googleapis.com', method: 'google.apps.sheets.v4.SpreadsheetsService' },
      },
    ],
  );

export const permissionDenied = () => new ApiError(403, 'PERMISSION_DENIED', 'The caller does not have permission');

export const notFound = () => new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');

export const unparsableRange = (range: string) => badRequest(`Unable to parse range: ${range}`);

export const internal = () => new ApiError(500, 'INTERNAL', 'Internal error encountered.');
export const unavailable = () => new ApiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');
export const deadline = () => new ApiError(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.');

/** Google's wording for unknown JSON fields and query parameters. */
export const unknownField = (name: string, at?: string) =>
  badRequest(`Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [
        {
          field: at ?? '',
          description: `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
        },
      ],
    },
  ]);

export const unknownQueryParam = (name: string) =>
  badRequest(
    `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [
          {
            description: `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
          },
        ],
      },
    ],
  );

export const invalidEnum = (param: string, type: string, value: string) =>
  badRequest(`Invalid value at '${param}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${value}"`, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [
        { field: param, description: `Invalid value at '${param}' (type.googleapis.com/google.apps.sheets.v4.${type}), "${value}"` },
      ],
    },
  ]);

/** A JSON value of the wrong type, in Google's words (`"values": "X"` where a list belongs). */
export const invalidValue = (field: string, type: string, value: unknown) => {
  const message = `Invalid value at '${field}' (type.googleapis.com/${type}), ${JSON.stringify(value)}`;
  return badRequest(message, [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: message }] },
  ]);
};
