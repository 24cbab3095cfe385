/** Helpers for Node clients (tests, benchmarks, tools) that use google-auth-library against the emulator. */
import { GOOGLE_TOKEN_URL } from './auth.js';

interface HasTransporter {
  transporter: { interceptors: { request: { add(i: { resolved?: (c: any) => any }): void } } };
}

/**
 * google-auth-library's JWT client posts to Google's hard-coded token URL (gtoken ignores the key
 * file's token_uri), so rewrite that one URL to the emulator's /token on the client's transporter.
 */
export function redirectTokenRequests<T extends HasTransporter>(client: T, tokenUrl: string): T {
  client.transporter.interceptors.request.add({
    resolved: async (config: { url?: string | URL }) => {
      // A URL object, as gaxios 7 expects (a string breaks its error path).
      if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
      return config;
    },
  });
  return client;
}
