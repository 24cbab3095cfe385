import { describe, expect, it } from 'vitest';
import {
  explainSheetsError,
  networkError,
  parseRetryAfter,
  reviveSheetsError,
  SheetsError,
  sheetsErrorFromResponse,
} from '../../src/core/sheets/errors.js';

const googleBody = (code: number, status: string, message: string) => JSON.stringify({ error: { code, message, status } });

describe('sheetsErrorFromResponse', () => {
  it.each([
    [400, 'INVALID_ARGUMENT', false],
    [401, 'UNAUTHENTICATED', false],
    [403, 'PERMISSION_DENIED', false],
    [404, 'NOT_FOUND', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [500, 'INTERNAL', true],
    [503, 'UNAVAILABLE', true],
    [504, 'DEADLINE_EXCEEDED', true],
  ] as const)('maps Google JSON %i %s (retryable %s)', (status, code, retryable) => {
    const err = sheetsErrorFromResponse(status, googleBody(status, code, 'boom'));
    expect(err).toBeInstanceOf(SheetsError);
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(retryable);
    expect(err.message).toContain('boom');
  });

  it('prefers the status string in the body over the HTTP status', () => {
    const err = sheetsErrorFromResponse(400, googleBody(400, 'FAILED_PRECONDITION', 'x'));
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.retryable).toBe(false);
  });

  it('maps non-JSON bodies by HTTP status and strips HTML', () => {
    const err = sheetsErrorFromResponse(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('502 Bad Gateway');
    expect(err.message).not.toContain('<h1>');
    const empty = sheetsErrorFromResponse(500, '');
    expect(empty.code).toBe('INTERNAL');
    expect(empty.retryable).toBe(true);
    expect(sheetsErrorFromResponse(418, 'teapot').code).toBe('UNKNOWN');
  });

  it('treats a 403 rateLimitExceeded as a retryable quota error', () => {
    const body = JSON.stringify({
      error: { code: 403, message: 'Rate limit', status: 'PERMISSION_DENIED', errors: [{ reason: 'rateLimitExceeded' }] },
    });
    const err = sheetsErrorFromResponse(403, body);
    expect(err.code).toBe('RESOURCE_EXHAUSTED');
    expect(err.retryable).toBe(true);
    expect(err.notApplied).toBe(true);
  });

  it('maps the OAuth token endpoint error shape', () => {
    const err = sheetsErrorFromResponse(
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
      null,
      'Token endpoint',
    );
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Token endpoint 400 UNAUTHENTICATED: invalid_grant: Invalid JWT Signature.');
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(sheetsErrorFromResponse(429, '', '7').retryAfterMs).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('marks only quota and auth refusals as certainly not applied', () => {
    expect(sheetsErrorFromResponse(429, '').notApplied).toBe(true);
    expect(sheetsErrorFromResponse(401, '').notApplied).toBe(true);
    expect(sheetsErrorFromResponse(503, '').notApplied).toBe(false);
    expect(sheetsErrorFromResponse(500, '').notApplied).toBe(false);
  });
});

describe('networkError', () => {
  it('distinguishes a refused connection from a timeout', () => {
    const refused = networkError(new TypeError('fetch failed'), false);
    expect(refused.code).toBe('NETWORK');
    expect(refused.status).toBe(0);
    expect(refused.retryable).toBe(true);
    expect(refused.notApplied).toBe(true);
    const timeout = networkError(new DOMException('timed out', 'TimeoutError'), true);
    expect(timeout.code).toBe('NETWORK');
    expect(timeout.message).toContain('timed out');
    expect(timeout.retryable).toBe(true);
    expect(timeout.notApplied).toBe(false);
  });
});

describe('explainSheetsError', () => {
  it('explains the usual setup mistakes in both languages', () => {
    expect(
      explainSheetsError(sheetsErrorFromResponse(403, googleBody(403, 'PERMISSION_DENIED', 'The caller does not have permission'))),
    ).toEqual({
      zh: '表格未共享给服务账号（请以“编辑者”身份共享）',
      en: 'The spreadsheet is not shared with the service account (share it as Editor)',
    });
    expect(explainSheetsError(sheetsErrorFromResponse(404, '')).zh).toContain('表格 ID');
    expect(
      explainSheetsError(sheetsErrorFromResponse(400, googleBody(400, 'INVALID_ARGUMENT', "Unable to parse range: '资产'"))).en,
    ).toMatch(/tab was not found/);
    expect(explainSheetsError(networkError(new Error('x'), false)).en).toMatch(/network/);
    expect(explainSheetsError(new Error('other')).en).toMatch(/Unknown/);
  });
});

describe('reviveSheetsError', () => {
  it('turns the plain Error a Durable Object RPC leaves back into a SheetsError', () => {
    const revived = reviveSheetsError(new Error('SheetsError: Sheets API 429 RESOURCE_EXHAUSTED: Quota exceeded')) as SheetsError;
    expect(revived).toBeInstanceOf(SheetsError);
    expect(revived).toMatchObject({ status: 429, code: 'RESOURCE_EXHAUSTED', retryable: true });
    expect((reviveSheetsError(new Error('SheetsError: Sheets API timed out: aborted')) as SheetsError).code).toBe('NETWORK');
  });

  it('leaves every other error alone', () => {
    const other = new Error('TypeError: x is undefined');
    expect(reviveSheetsError(other)).toBe(other);
  });
});
